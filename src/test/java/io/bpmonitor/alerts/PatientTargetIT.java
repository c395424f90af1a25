package io.bpmonitor.alerts;

import static io.bpmonitor.config.Setting.BP_BOARD_PORT;
import static io.bpmonitor.config.Setting.BP_USERS_FILE;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmonitor.alerts.AlertStream.Reading;
import io.bpmonitor.testing.BasicAuth;
import io.bpmonitor.testing.AppProcess;
import io.bpmonitor.testing.KafkaTestClient;
import io.bpmonitor.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A patient's target set through the board's API on real Kafka and Elasticsearch: only a clinician sets it, and from
 * then on the patient's days in {@code bp_patient_days} count their readings against it.
 */
class PatientTargetIT {

    private static final String PATIENT = "p-target";
    private static final String TARGET = "{\"systolic_upper\":125,\"diastolic_upper\":75,\"reason\":\"treated\"}";

    @TempDir
    Path dir;

    @Test
    void aTargetOf125Over75ChangesWhichReadingsAreAboveTarget() throws Exception {
        Path users = dir.resolve("users");
        TestUsers.write(users);
        AlertStream stream = new AlertStream(1);
        stream.settings.put(BP_USERS_FILE.property(), users.toString());
        AppProcess app = AppProcess.start("targets", stream.settings).awaitStarted(Duration.ofSeconds(60));
        try {
            // 130/78, 128/76, 126/80, 120/70: below 135/85, and all but the last at or above 125/75
            KafkaTestClient.send(stream.topic(), stream.records(List.of(new Reading(PATIENT, "t1", 0, 130, 78),
                    new Reading(PATIENT, "t2", 2, 128, 76), new Reading(PATIENT, "t3", 660, 126, 80),
                    new Reading(PATIENT, "t4", 662, 120, 70))));
            LocalDate day = LocalDate.of(2026, 11, 29);
            JsonNode before = stream.awaitPatientDay(PATIENT, day, 4, Duration.ofSeconds(60));
            assertThat(before.path("above_target").asInt()).isZero();
            assertThat(before.path("target_systolic").asInt()).isEqualTo(135);

            String url = "http://127.0.0.1:" + stream.settings.get(BP_BOARD_PORT.property()) + "/api/patients/"
                    + PATIENT + "/target";
            assertThat(put(url, null).statusCode()).isEqualTo(401);
            assertThat(put(url, BasicAuth.header(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD)).statusCode()).isEqualTo(403);
            HttpResponse<String> set = put(url, BasicAuth.header(TestUsers.CLINICIAN, TestUsers.CLINICIAN_PASSWORD));
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            assertThat(set.body()).contains("\"set_by\":\"dr.martin\"");

            JsonNode after = stream.awaitPatientDay(PATIENT, day,
                    document -> document.path("target_systolic").asInt() == 125, "the target 125/75",
                    Duration.ofSeconds(60));
            assertThat(after.path("above_target").asInt()).isEqualTo(3);
            assertThat(after.path("target_diastolic").asInt()).isEqualTo(75);
            assertThat(after.path("readings").asInt()).isEqualTo(4);
        } finally {
            app.close();
        }
    }

    private static HttpResponse<String> put(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(TARGET));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}
