package io.bpmonitor.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Elasticsearch refuses to start as root, and CI runs as root: then it is started as {@code nobody}
 * (uid/gid 65534) through {@code setpriv}, its directories are handed to that user, and every
 * ancestor directory must let that user through.
 */
final class UnprivilegedUser {

    static final int UID = 65534;

    private UnprivilegedUser() {
    }

    static boolean isCurrentProcessRoot() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("Uid:")).findFirst()
                    .map(UnprivilegedUser::effectiveUidIsRoot)
                    .orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** {@code Uid:} line of /proc/self/status: real, effective, saved, filesystem uid. */
    static boolean effectiveUidIsRoot(String uidLine) {
        String[] fields = uidLine.substring("Uid:".length()).trim().split("\\s+");
        return fields.length > 1 && "0".equals(fields[1]);
    }

    /** Prefix that runs a command as {@code nobody} without a login shell or sudo. */
    static List<String> commandPrefix() {
        return List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--");
    }

    /** chown -R to nobody, symlinks not followed. */
    static void chownRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", UID, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", UID, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not hand " + root + " to uid " + UID, e);
        }
    }

    /** Fails naming {@code setting} when some ancestor of {@code dir} cannot be traversed by others. */
    static void requireTraversable(Path dir, String setting) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            Optional<Integer> mode = mode(p);
            if (mode.isPresent() && (mode.get() & 0001) == 0 && ownerUid(p) != UID) {
                throw new IllegalStateException("Elasticsearch runs as uid " + UID + " (nobody) because this process is root, "
                        + "but it cannot enter " + p + " on the way to " + dir
                        + "; set " + setting + " to a directory outside it (e.g. under " + System.getProperty("java.io.tmpdir") + ")");
            }
        }
    }

    private static Optional<Integer> mode(Path p) {
        try {
            return Optional.of((Integer) Files.getAttribute(p, "unix:mode"));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static int ownerUid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid");
        } catch (IOException e) {
            return -1;
        }
    }
}
