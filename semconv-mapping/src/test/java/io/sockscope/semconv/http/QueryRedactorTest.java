package io.sockscope.semconv.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QueryRedactorTest {
    private final QueryRedactor redactor = QueryRedactor.defaults();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            AWSAccessKeyId=AKIA1&Signature=abc&Expires=1   | AWSAccessKeyId=REDACTED&Signature=REDACTED&Expires=1
            q=otel&sig=xyz                                 | q=otel&sig=REDACTED
            X-Goog-Signature=0a1b&X-Goog-Date=20240101      | X-Goog-Signature=REDACTED&X-Goog-Date=20240101
            access_token=eyJ&page=2                        | access_token=REDACTED&page=2
            page=2&password=hunter2                        | page=2&password=REDACTED
            API_KEY=k1                                     | API_KEY=REDACTED
            token=a=b&x=1                                  | token=REDACTED&x=1
            """)
    void sensitiveValuesAreRedactedAndKeysKept(String query, String redacted) {
        assertThat(redactor.redact(query)).isEqualTo(redacted);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            q=otel&page=2
            tokens=1&signature_version=2
            token
            token=
            sig=REDACTED
            &&
            =x
            """)
    void nothingToRedactReturnsTheSameInstance(String query) {
        assertThat(redactor.redact(query)).isSameAs(query);
    }

    @Test
    void nullStaysNull() {
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void allValues() {
        assertThat(QueryRedactor.allValues().redact("a=1&b&c=3")).isEqualTo("a=REDACTED&b&c=REDACTED");
    }

    @Test
    void customKeysReplaceTheDefaults() {
        QueryRedactor custom = QueryRedactor.of(List.of("ssn"));

        assertThat(custom.redact("ssn=123&token=abc")).isEqualTo("ssn=REDACTED&token=abc");
        assertThat(QueryRedactor.of(List.of()).redact("token=abc")).isEqualTo("token=abc");
    }

    @Test
    void theConventionsKeysAreInTheDefaults() {
        assertThat(QueryRedactor.DEFAULT_SENSITIVE_KEYS)
                .contains("AWSAccessKeyId", "Signature", "sig", "X-Goog-Signature");
    }
}
