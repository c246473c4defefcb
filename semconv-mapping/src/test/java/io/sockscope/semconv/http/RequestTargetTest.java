package io.sockscope.semconv.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTargetTest {

    @Test
    void originForm() {
        assertThat(RequestTarget.parse("/a/b?x=1&y", "GET"))
                .isEqualTo(new RequestTarget(null, null, false, "/a/b", "x=1&y"));
        assertThat(RequestTarget.parse("/a", "GET")).isEqualTo(new RequestTarget(null, null, false, "/a", null));
        assertThat(RequestTarget.parse("/a?", "GET")).isEqualTo(new RequestTarget(null, null, false, "/a", ""));
    }

    @Test
    void absoluteForm() {
        assertThat(RequestTarget.parse("HTTP://example.com:8080/p?q=1", "GET"))
                .isEqualTo(new RequestTarget("http", "example.com:8080", false, "/p", "q=1"));
        assertThat(RequestTarget.parse("https://u:p@example.com", "GET"))
                .isEqualTo(new RequestTarget("https", "example.com", true, "/", null));
        assertThat(RequestTarget.parse("http://example.com?q", "GET"))
                .isEqualTo(new RequestTarget("http", "example.com", false, "/", "q"));
    }

    @Test
    void authorityFormOfConnect() {
        assertThat(RequestTarget.parse("example.com:443", "CONNECT"))
                .isEqualTo(new RequestTarget(null, "example.com:443", false, null, null));
    }

    @Test
    void asteriskForm() {
        assertThat(RequestTarget.parse("*", "OPTIONS")).isEqualTo(new RequestTarget(null, null, false, "*", null));
    }

    @Test
    void emptyIsNull() {
        assertThat(RequestTarget.parse("", "GET")).isNull();
        assertThat(RequestTarget.parse(null, "GET")).isNull();
    }
}
