package io.bpmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from {@code /proc}, in clock ticks (1/100 s on Linux): a process's (all its threads, user and system) and
 * the whole machine's busy time. Over a drain it says what each reading cost, which a throughput figure on a shared
 * 2-core machine only says through the noise of everything else running.
 */
final class CpuTicks {

    /** Milliseconds per clock tick ({@code getconf CLK_TCK} is 100 on Linux). */
    static final double TICK_MILLIS = 10;

    private CpuTicks() {
    }

    /** User and system ticks a process has used so far. */
    static long ofProcess(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // the command name in parentheses may hold spaces: fields are counted after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat(5), utime and stime, are the 12th and 13th after the name
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Ticks all CPUs spent busy (neither idle nor waiting for I/O) since boot. */
    static long ofMachine() throws IOException {
        String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        // cpu user nice system idle iowait irq softirq steal ...
        for (int i = 1; i < fields.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }
}
