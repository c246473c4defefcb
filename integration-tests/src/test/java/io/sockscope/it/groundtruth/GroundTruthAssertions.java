package io.sockscope.it.groundtruth;

import org.assertj.core.api.SoftAssertions;

import java.util.List;

/** What makes a ground-truth run fail: the criteria, all checked before reporting. */
final class GroundTruthAssertions {
    /** The median of |kernel duration − SDK duration| over matched SERVER spans may not exceed this. */
    static final double MAX_MEDIAN_DURATION_DIFF_MILLIS = 1.0;

    private GroundTruthAssertions() {
    }

    static void assertAgrees(GroundTruthReport r) {
        String table = GroundTruthReport.render(List.of(r));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(r.servers.matched()).as("matched SERVER spans\n" + table).hasSize(GroundTruthRun.REQUESTS);
        soft.assertThat(r.servers.missing()).as("SDK SERVER spans with no kernel twin").isEmpty();
        soft.assertThat(r.servers.extra()).as("kernel SERVER spans with no SDK twin").isEmpty();
        for (String key : GroundTruthReport.STRICT) {
            soft.assertThat(r.disagreeing(key)).as("matched pairs that disagree on " + key + "\n" + table).isZero();
        }
        soft.assertThat(r.absDurationDiffMedianMillis()).as("median |duration difference|, ms\n" + table)
                .isLessThanOrEqualTo(MAX_MEDIAN_DURATION_DIFF_MILLIS);
        soft.assertAll();
    }
}
