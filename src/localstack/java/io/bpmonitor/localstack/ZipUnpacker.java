package io.bpmonitor.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a distribution zip once. It is unpacked beside the target and renamed into place,
 * so an interrupted unpack never looks complete; java.util.zip drops Unix modes, so scripts
 * under {@code bin/} are made executable explicitly.
 */
final class ZipUnpacker {

    private ZipUnpacker() {
    }

    /** Returns {@code targetParent/<top-level dir of the zip>}, unpacking only when it is not there yet. */
    static Path unpackOnce(Path zip, Path targetParent, String setting) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Elasticsearch distribution not found at " + zip
                    + "; run 'mvn generate-resources' (it copies it there) or set " + setting);
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            String top = topLevelDirectory(file);
            Path target = targetParent.resolve(top);
            if (Files.isDirectory(target)) {
                return target;
            }
            Path partial = Files.createTempDirectory(targetParent, ".unpacking-");
            extract(file, partial);
            makeScriptsExecutable(partial.resolve(top).resolve("bin"));
            try {
                Files.move(partial.resolve(top), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another JVM (a parallel test fork) unpacked it first: theirs is complete, ours goes
                if (!Files.isDirectory(target)) {
                    throw e;
                }
            }
            deleteRecursively(partial);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zip + " into " + targetParent, e);
        }
    }

    private static String topLevelDirectory(ZipFile file) throws IOException {
        Enumeration<? extends ZipEntry> entries = file.entries();
        if (!entries.hasMoreElements()) {
            throw new IOException("empty zip");
        }
        String name = entries.nextElement().getName();
        int slash = name.indexOf('/');
        if (slash <= 0) {
            throw new IOException("expected a single top-level directory, found " + name);
        }
        return name.substring(0, slash);
    }

    private static void extract(ZipFile file, Path into) throws IOException {
        Enumeration<? extends ZipEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            Path out = into.resolve(entry.getName()).normalize();
            if (!out.startsWith(into)) {
                throw new IOException("zip entry escapes the target directory: " + entry.getName());
            }
            if (entry.isDirectory()) {
                Files.createDirectories(out);
            } else {
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out);
                }
            }
        }
    }

    private static void makeScriptsExecutable(Path bin) throws IOException {
        if (!Files.isDirectory(bin)) {
            return;
        }
        try (Stream<Path> scripts = Files.list(bin)) {
            for (Path script : (Iterable<Path>) scripts::iterator) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
