package io.sockscope.semconv.metrics;

/**
 * What a metric is: name, description, unit, and for histograms the explicit bucket bounds. Whoever
 * aggregates creates its instruments from these.
 *
 * @param bounds ascending bucket bounds of a histogram; null for a counter
 */
public record MetricSpec(String name, String description, String unit, double[] bounds) {
    public static MetricSpec histogram(String name, String description, String unit, double... bounds) {
        return new MetricSpec(name, description, unit, bounds.clone());
    }

    public static MetricSpec counter(String name, String description, String unit) {
        return new MetricSpec(name, description, unit, null);
    }

    public boolean isHistogram() {
        return bounds != null;
    }

    @Override
    public double[] bounds() {
        return bounds == null ? null : bounds.clone();
    }
}
