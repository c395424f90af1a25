package io.bpmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bpmonitor.testing.PackagedJar;

/**
 * bp-monitor as it ships ({@link PackagedJar}) in a JVM of its own, so its heap and resident memory are its own: started with a heap cap and a GC log,
 * from which the peak heap in use (the occupancy just before each collection) is read.
 */
final class ChildApp implements AutoCloseable {

    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");
    /** {@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 90M->12M(256M) 3.456ms} */
    private static final Pattern GC_PAUSE_MILLIS = Pattern.compile("^\\[(\\d+\\.\\d+)s].*Pause.* (\\d+\\.\\d+)ms$");

    private final Process process;
    private final Path gcLog;

    private ChildApp(Process process, Path gcLog) {
        this.process = process;
        this.gcLog = gcLog;
    }

    static ChildApp start(Map<String, String> environment, String maxHeap, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path gcLog = workDir.resolve("gc.log");
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog));
        if (Boolean.getBoolean("bench.profile")) {
            // where the time goes: a JFR recording per run, read with `jfr print --events jdk.ExecutionSample`
            jvmOptions.add("-XX:StartFlightRecording=filename=" + workDir.resolve("detector.jfr") + ",settings=profile");
        }
        // -Dbench.jvm="-XX:+PrintCompilation ...": options of the detector's JVM to try while tuning
        String tried = System.getProperty("bench.jvm", "").strip();
        if (!tried.isEmpty()) {
            jvmOptions.addAll(List.of(tried.split("\\s+")));
        }
        List<String> command = PackagedJar.command(jvmOptions);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("app.log").toFile());
        builder.environment().putAll(environment);
        return new ChildApp(builder.start(), gcLog);
    }

    /** CPU ticks of each of the JVM's threads so far, by name ({@link CpuTicks#ofThreads}). */
    Map<String, Long> cpuTicksByThread() throws IOException {
        return CpuTicks.ofThreads(process.pid());
    }

    /** CPU ticks the JVM has used so far ({@link CpuTicks}). */
    long cpuTicks() throws IOException {
        return CpuTicks.ofProcess(process.pid());
    }

    /** Peak resident set size in MiB (VmHWM). */
    double peakResidentMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** Largest heap occupancy seen before a collection, in MiB. */
    long peakHeapMiB() throws IOException {
        long peak = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher matcher = GC_PAUSE.matcher(line);
                if (matcher.find()) {
                    peak = Math.max(peak, Long.parseLong(matcher.group(1)));
                }
            }
        }
        return peak;
    }

    /** Time spent in GC pauses over the JVM's run so far, as a share of it: thrash shows as a large share. */
    double gcPauseShare() throws IOException {
        double pausedMillis = 0;
        double lastSeconds = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher pause = GC_PAUSE_MILLIS.matcher(line);
                if (pause.find()) {
                    lastSeconds = Double.parseDouble(pause.group(1));
                    pausedMillis += Double.parseDouble(pause.group(2));
                }
            }
        }
        return lastSeconds == 0 ? 0 : pausedMillis / (lastSeconds * 1000);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
