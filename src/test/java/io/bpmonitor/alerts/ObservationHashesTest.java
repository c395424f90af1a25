package io.bpmonitor.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The set of a day's Observation hashes: it holds what was added, through its growth, and nothing else. */
class ObservationHashesTest {

    @Test
    void holdsEveryHashAddedAndNoOtherThroughItsGrowth() {
        Random random = new Random(3);
        ObservationHashes hashes = new ObservationHashes();
        Set<Long> added = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            long hash = random.nextLong();
            hashes.add(hash);
            added.add(hash);
        }
        hashes.add(0L);
        hashes.add(added.iterator().next());

        assertThat(hashes.size()).isEqualTo(added.size() + 1);
        assertThat(added).allMatch(hashes::mayHold);
        assertThat(hashes.mayHold(0L)).isTrue();
        for (int i = 0; i < 5_000; i++) {
            long other = random.nextLong();
            assertThat(hashes.mayHold(other)).isEqualTo(added.contains(other));
        }
        assertThat(new ObservationHashes().mayHold(0L)).isFalse();
    }
}
