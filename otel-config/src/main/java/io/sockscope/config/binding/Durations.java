package io.sockscope.config.binding;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the Collector (Go's {@code time.ParseDuration}) writes them: {@code 200ms}, {@code 5s},
 * {@code 1m30s}, {@code 1.5h}, {@code 0}. Units: ns, us (µs), ms, s, m, h.
 */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("[-+]?(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");

    private Durations() {
    }

    /** @throws IllegalArgumentException when the text is not a Go duration */
    public static Duration parse(String text) {
        String t = text.strip();
        if (t.equals("0") || t.equals("+0") || t.equals("-0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(t).matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        boolean negative = t.startsWith("-");
        Matcher m = PART.matcher(t);
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find()) {
            BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw new IllegalArgumentException("unknown unit " + m.group(2));
            };
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
        }
        Duration d = Duration.ofNanos(nanos.longValueExact());
        return negative ? d.negated() : d;
    }

    /** Go's spelling of a duration: {@code 1m30s}, {@code 200ms}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long nanos = d.toNanos();
        if (nanos < 1_000) {
            return nanos + "ns";
        }
        if (nanos < 1_000_000) {
            return trim(BigDecimal.valueOf(nanos, 3)) + "us";
        }
        if (nanos < 1_000_000_000) {
            return trim(BigDecimal.valueOf(nanos, 6)) + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        sb.append(trim(BigDecimal.valueOf(nanos % 60_000_000_000L, 9))).append('s');
        return sb.toString();
    }

    private static String trim(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }
}
