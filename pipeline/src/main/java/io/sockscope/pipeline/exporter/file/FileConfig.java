package io.sockscope.pipeline.exporter.file;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.time.Duration;

/**
 * The Collector's {@code file} exporter settings: one OTLP/JSON object per line.
 *
 * <pre>{@code
 * exporters:
 *   file:
 *     path: /var/log/sockscope/traces.jsonl
 *     rotation: {max_megabytes: 100, max_days: 7, max_backups: 3}
 * }</pre>
 *
 * @param path          the file written; its directory is created if needed
 * @param rotation      absent: never rotate; {@code rotation: {}} rotates with the defaults
 *                      (100 MiB, 100 backups, kept forever)
 * @param format        only {@code json}
 * @param append        keep what the file holds at start (default: truncate it, as the Collector does);
 *                      with rotation the file is always appended to
 * @param flushInterval how often buffered lines reach the file
 */
public record FileConfig(String path, Rotation rotation, Format format, boolean append, Duration flushInterval)
        implements Validated {
    public enum Format {
        JSON, PROTO
    }

    /**
     * @param maxMegabytes size at which the file is rotated, MiB
     * @param maxDays      backups older than this are removed; 0 keeps them
     * @param maxBackups   backups kept; 0 keeps them all
     * @param localtime    name backups with local time instead of UTC
     */
    public record Rotation(int maxMegabytes, int maxDays, int maxBackups, boolean localtime) implements Validated {
        public static Rotation defaults() {
            return new Rotation(100, 0, 100, false);
        }

        @Override
        public void validate() {
            if (maxMegabytes <= 0) {
                throw new InvalidValueException("max_megabytes", "max_megabytes must be greater than zero", "use 100, the default");
            }
            if (maxDays < 0 || maxBackups < 0) {
                throw new InvalidValueException(maxDays < 0 ? "max_days" : "max_backups", "must not be negative", "use 0 for no limit");
            }
        }
    }

    public static FileConfig defaults() {
        return new FileConfig(null, null, Format.JSON, false, Duration.ofSeconds(1));
    }

    @Override
    public void validate() {
        if (path == null || path.isBlank()) {
            throw new InvalidValueException("path", "path must be set", "add path: /var/log/sockscope/traces.jsonl");
        }
        if (format == Format.PROTO) {
            throw new InvalidValueException("format", "format proto is not supported", "use format: json");
        }
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new InvalidValueException("flush_interval", "flush_interval must be greater than zero", "use 1s, the default");
        }
    }
}
