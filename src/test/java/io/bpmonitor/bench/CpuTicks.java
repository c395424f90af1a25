package io.bpmonitor.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

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
        return ticksOf(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    private static long ticksOf(String stat) {
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

    /**
     * User and system ticks of each of a process's threads so far, summed by the thread's name as the kernel keeps it
     * (its first 15 characters): what the JIT's compiler threads, the GC and each pool of the application spent.
     */
    static Map<String, Long> ofThreads(long pid) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    byName.merge(name, ticksOf(Files.readString(thread.resolve("stat"))), Long::sum);
                } catch (NoSuchFileException ended) {
                    // a thread that ended meanwhile: its time is no longer anybody's to count
                }
            }
        }
        return byName;
    }

    /** Ticks of the JIT's compiler threads among {@link #ofThreads}. */
    static long jit(Map<String, Long> threads) {
        return sum(threads, name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre"));
    }

    /** Ticks of the garbage collector's threads among {@link #ofThreads}. */
    static long gc(Map<String, Long> threads) {
        return sum(threads, name -> name.startsWith("GC Thread") || name.startsWith("G1 "));
    }

    static long sum(Map<String, Long> threads, Predicate<String> named) {
        return threads.entrySet().stream().filter(entry -> named.test(entry.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
