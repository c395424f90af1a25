package io.bpmonitor.alerts;

/** Count, mean, lowest and highest of some readings' systolic and diastolic values; an absent value counts for none. */
final class Pressures {

    private int readings;
    private final Values systolic = new Values();
    private final Values diastolic = new Values();

    void add(PatientDay day, int i) {
        readings++;
        systolic.add(day.systolic(i));
        diastolic.add(day.diastolic(i));
    }

    int readings() {
        return readings;
    }

    Values systolic() {
        return systolic;
    }

    Values diastolic() {
        return diastolic;
    }

    /** One of the two pressures. */
    static final class Values {
        private int count;
        private long sum;
        private int min = Integer.MAX_VALUE;
        private int max = Integer.MIN_VALUE;

        private void add(short value) {
            if (value == PatientDay.ABSENT) {
                return;
            }
            count++;
            sum += value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }

        /** The mean, one decimal; null over no value. */
        Double mean() {
            return count == 0 ? null : Math.round(sum * 10.0 / count) / 10.0;
        }

        Integer min() {
            return count == 0 ? null : min;
        }

        Integer max() {
            return count == 0 ? null : max;
        }
    }
}
