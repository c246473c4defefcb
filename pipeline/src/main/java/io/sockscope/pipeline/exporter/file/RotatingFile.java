package io.sockscope.pipeline.exporter.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A file written line by line, rotated like the Collector's (lumberjack): when the next line would
 * pass the size limit, the file is renamed to {@code name-2006-01-02T15-04-05.000.ext} and a new one
 * is started; backups beyond {@code max_backups} or older than {@code max_days} are removed.
 * Not thread-safe: the exporter serializes calls.
 */
final class RotatingFile implements AutoCloseable {
    private static final DateTimeFormatter BACKUP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS");

    private final Path path;
    private final FileConfig.Rotation rotation;
    private final Clock clock;
    private OutputStream out;
    private long size;

    RotatingFile(Path path, FileConfig.Rotation rotation, boolean append, Clock clock) throws IOException {
        this.path = path;
        this.rotation = rotation;
        this.clock = clock;
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        open(append || rotation != null);
    }

    private void open(boolean append) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING), 64 * 1024);
        size = append ? Files.size(path) : 0;
    }

    void write(byte[] line) throws IOException {
        if (rotation != null && size > 0 && size + line.length > (long) rotation.maxMegabytes() << 20) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    void flush() throws IOException {
        out.flush();
    }

    private void rotate() throws IOException {
        out.close();
        Files.move(path, backupPath(clock.instant()));
        open(false);
        removeOldBackups();
    }

    private Path backupPath(Instant now) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        ZoneId zone = rotation.localtime() ? ZoneId.systemDefault() : ZoneOffset.UTC;
        String stamp = BACKUP_TIME.format(now.atZone(zone));
        Path candidate = path.resolveSibling(base + "-" + stamp + ext);
        for (int i = 1; Files.exists(candidate); i++) {
            // Two rotations in the same millisecond: keep both.
            candidate = path.resolveSibling(base + "-" + stamp + "." + i + ext);
        }
        return candidate;
    }

    /** Backups of this file, newest first (their names sort by time). */
    List<Path> backups() throws IOException {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        List<Path> found = new ArrayList<>();
        Path dir = path.toAbsolutePath().getParent();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, base + "-*" + ext)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                String stamp = n.substring(base.length() + 1, n.length() - ext.length());
                if (stamp.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}(\\.\\d+)?")) {
                    found.add(p);
                }
            }
        }
        found.sort(Comparator.comparing((Path p) -> sortKey(p.getFileName().toString())).reversed());
        return found;
    }

    /** The timestamp, then the same-millisecond counter as a number, so ".10" sorts after ".9". */
    private static String sortKey(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3})(?:\\.(\\d+))?").matcher(name);
        if (!m.find()) {
            return name;
        }
        return m.group(1) + String.format("%010d", m.group(2) == null ? 0 : Long.parseLong(m.group(2)));
    }

    private void removeOldBackups() throws IOException {
        List<Path> backups = backups();
        Instant oldest = rotation.maxDays() > 0 ? clock.instant().minus(rotation.maxDays(), ChronoUnit.DAYS) : null;
        for (int i = 0; i < backups.size(); i++) {
            Path b = backups.get(i);
            boolean tooMany = rotation.maxBackups() > 0 && i >= rotation.maxBackups();
            boolean tooOld = oldest != null && Files.getLastModifiedTime(b).toInstant().isBefore(oldest);
            if (tooMany || tooOld) {
                Files.deleteIfExists(b);
            }
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
