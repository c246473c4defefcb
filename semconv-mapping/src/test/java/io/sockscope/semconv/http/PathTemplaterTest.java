package io.sockscope.semconv.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathTemplaterTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /users/42                                          | /users/{id}
            /users/42/orders/7                                 | /users/{id}/orders/{id}
            /orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301        | /orders/{id}
            /orders/3F2504E0-4F89-11D3-9A0C-0305E82C3301/items  | /orders/{id}/items
            /objects/507f1f77bcf86cd799439011                  | /objects/{id}
            /commits/a1b2c3d4                                  | /commits/{id}
            /files/42.json                                     | /files/{id}.json
            /reports/2024-01-31                                | /reports/{id}
            /keys/aGVsbG8gd29ybGQ9PTEyMw                        | /keys/{id}
            /t/AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh              | /t/{id}
            /users/jane.doe@example.com/profile                | /users/{id}/profile
            /wiki/Caf%C3%A9                                    | /wiki/{id}
            /a/42/                                             | /a/{id}/
            /42                                                | /{id}
            """)
    void identifiersBecomeId(String path, String template) {
        assertThat(PathTemplater.template(path)).isEqualTo(template);
    }

    @ParameterizedTest
    @CsvSource({
            "/", "/users", "/api/v1/users", "/api/v2/orders/latest", "/static/app.js", "/index.html",
            "/deadbeef", "/about-us", "/health", "/users/me", "//", "/a//b", "/api/v2/user-settings", "/order-12345"})
    void routeLikeSegmentsStay(String path) {
        assertThat(PathTemplater.template(path)).isSameAs(path);
    }

    @Test
    void longMixedTokensAreTemplatedEvenIfTheyLookLikeWords() {
        // The price of catching random tokens: rare camelCase segments with a digit go too.
        assertThat(PathTemplater.template("/getUserProfileV2Settings")).isEqualTo("/{id}");
    }

    @Test
    void emptyAndNull() {
        assertThat(PathTemplater.template("")).isEmpty();
        assertThat(PathTemplater.template(null)).isNull();
    }

    @Test
    void aRelativeOrAsteriskPathIsTemplatedToo() {
        assertThat(PathTemplater.template("*")).isEqualTo("*");
        assertThat(PathTemplater.template("users/42")).isEqualTo("users/{id}");
    }
}
