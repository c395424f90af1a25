package io.bpmonitor.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BoardWindowTest {

    @Test
    void parsesTheThreeWindows() {
        assertThat(BoardWindow.parse("5m").length()).isEqualTo(Duration.ofMinutes(5));
        assertThat(BoardWindow.parse("15m").length()).isEqualTo(Duration.ofMinutes(15));
        assertThat(BoardWindow.parse("1h").length()).isEqualTo(Duration.ofHours(1));
        assertThat(BoardWindow.parse(" 1h ")).isEqualTo(BoardWindow.ONE_HOUR);
    }

    @Test
    void noWindowIsFifteenMinutes() {
        assertThat(BoardWindow.parse(null)).isEqualTo(BoardWindow.FIFTEEN_MINUTES);
        assertThat(BoardWindow.parse("")).isEqualTo(BoardWindow.FIFTEEN_MINUTES);
        assertThat(BoardWindow.parse("  ")).isEqualTo(BoardWindow.FIFTEEN_MINUTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "5M", "15min", "60m", "1H", "2h", "-5m", "5m;drop", "1h,5m"})
    void refusesAnythingElseNamingTheChoices(String value) {
        assertThatThrownBy(() -> BoardWindow.parse(value))
                .isInstanceOf(BoardRequestException.class)
                .hasMessageContaining("'" + value + "'")
                .hasMessageContaining("5m, 15m, 1h");
    }

    @Test
    void aLongValueIsCutInTheMessage() {
        assertThatThrownBy(() -> BoardWindow.parse("x".repeat(500)))
                .isInstanceOf(BoardRequestException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(100));
    }

    @Test
    void everyWindowHasThirtyTrendPoints() {
        for (BoardWindow window : BoardWindow.values()) {
            assertThat(window.length().dividedBy(window.interval())).isEqualTo(30);
        }
        assertThat(BoardWindow.FIVE_MINUTES.fixedInterval()).isEqualTo("10s");
        assertThat(BoardWindow.FIFTEEN_MINUTES.fixedInterval()).isEqualTo("30s");
        assertThat(BoardWindow.ONE_HOUR.fixedInterval()).isEqualTo("120s");
    }
}
