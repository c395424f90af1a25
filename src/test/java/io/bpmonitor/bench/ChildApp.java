package io.bpmonitor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bp-monitor in a JVM of its own, so its heap and resident memory are its own: started with a heap cap and a GC log,
 * from which the peak heap in use (the occupancy just before each collection) is read.
 */
final class ChildApp implements AutoCloseable {

    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final Path gcLog;

    private ChildApp(Process process, Path gcLog) {
        this.process = process;
        this.gcLog = gcLog;
    }

    static ChildApp start(Map<String, String> environment, String maxHeap, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path gcLog = workDir.resolve("gc.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Xlog:gc:file=" + gcLog));
        if (Boolean.getBoolean("bench.profile")) {
            // where the time goes: a JFR recording per run, read with `jfr print --events jdk.ExecutionSample`
            command.add("-XX:StartFlightRecording=filename=" + workDir.resolve("detector.jfr") + ",settings=profile");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.bpmonitor.app.BpMonitorMain"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("app.log").toFile());
        builder.environment().putAll(environment);
        return new ChildApp(builder.start(), gcLog);
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
