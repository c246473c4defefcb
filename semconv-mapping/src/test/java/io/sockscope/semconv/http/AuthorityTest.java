package io.sockscope.semconv.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorityTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com           | example.com | -1
            example.com:8080      | example.com | 8080
            ' example.com:81 '    | example.com | 81
            [::1]:8080            | ::1         | 8080
            [2001:db8::1]         | 2001:db8::1 | -1
            10.0.0.1:80           | 10.0.0.1    | 80
            user:pw@example.com:1 | example.com | 1
            example.com:99999     | example.com | -1
            example.com:0         | example.com | -1
            example.com:http      | example.com | -1
            ::1                   | ::1         | -1
            """)
    void parses(String text, String host, int port) {
        assertThat(Authority.parse(text)).isEqualTo(new Authority(host, port));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", ":80", "[", "[]:80", "user@"})
    void noHost(String text) {
        assertThat(Authority.parse(text)).isNull();
    }
}
