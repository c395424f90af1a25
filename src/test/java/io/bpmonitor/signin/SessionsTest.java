package io.bpmonitor.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.bpmonitor.testing.MovingClock;
import org.junit.jupiter.api.Test;

/** A session lasts while it is used within its idle time, its token is unguessable, its cookie locked down. */
class SessionsTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final Sessions sessions = new Sessions(Duration.ofMinutes(15), clock, false);
    private final User clinician = new User("dr.martin", UserRole.CLINICIAN);

    @Test
    void aSessionUsedWithinItsIdleTimeLastsAndOneLeftIdleIsOver() {
        Sessions.Session session = sessions.start(clinician);
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.find(session.token())).map(Sessions.Session::user).contains(clinician);
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.find(session.token())).as("used 14 minutes ago").isPresent();
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.find(session.token())).as("idle 15 minutes").isEmpty();
        assertThat(sessions.find(session.token())).as("and gone").isEmpty();
    }

    @Test
    void tokensAreRandomAndSigningOutEndsTheSession() {
        Sessions.Session one = sessions.start(clinician);
        Sessions.Session two = sessions.start(clinician);
        assertThat(one.token()).hasSize(43).isNotEqualTo(two.token()).isNotEqualTo(one.csrfToken());

        sessions.end(one.token());

        assertThat(sessions.find(one.token())).isEmpty();
        assertThat(sessions.find(two.token())).isPresent();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("made-up")).isEmpty();
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
        Sessions.Session session = sessions.start(clinician);
        assertThat(sessions.cookie(session)).isEqualTo("bp_session=" + session.token()
                + "; Path=/; HttpOnly; SameSite=Strict");
        assertThat(new Sessions(Duration.ofMinutes(15), clock, true).cookie(session)).endsWith("; Secure");
        assertThat(sessions.cleared()).contains("Max-Age=0");
        assertThat(Sessions.tokenIn("theme=dark; bp_session=abc; other=1")).isEqualTo("abc");
        assertThat(Sessions.tokenIn("theme=dark")).isNull();
    }
}
