package io.sockscope.semconv.resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class OtelResourceAttributesTest {

    @Test
    void keyValuePairsInOrder() throws Exception {
        assertThat(OtelResourceAttributes.parse("service.namespace=shop,deployment.environment.name=prod"))
                .containsExactly(entry("service.namespace", "shop"), entry("deployment.environment.name", "prod"));
    }

    @Test
    void trimsAndPercentDecodesKeysAndValues() throws Exception {
        assertThat(OtelResourceAttributes.parse(" team = a%2Cb%3Dc , k%20y=caf%C3%A9 ,x=100%25"))
                .containsExactly(entry("team", "a,b=c"), entry("k y", "café"), entry("x", "100%"));
    }

    @Test
    void emptyEntriesAndValuesAreSkipped() throws Exception {
        assertThat(OtelResourceAttributes.parse("a=1,,b=,c=3,")).containsExactly(entry("a", "1"), entry("c", "3"));
        assertThat(OtelResourceAttributes.parse("")).isEmpty();
        assertThat(OtelResourceAttributes.parse(null)).isEmpty();
    }

    @Test
    void laterDuplicatesWinAndValuesMayHoldEquals() throws Exception {
        assertThat(OtelResourceAttributes.parse("a=1,a=2,b=x=y")).containsExactly(entry("a", "2"), entry("b", "x=y"));
    }

    @Test
    void rawNonAsciiIsKept() throws Exception {
        assertThat(OtelResourceAttributes.parse("owner=Zoë%20😀")).containsExactly(entry("owner", "Zoë 😀"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=1,broken", "=1", "a=%zz", "a=%2", "a=%", "a=%C3%28"})
    void anyErrorDiscardsTheWholeValue(String value) {
        assertThatThrownBy(() -> OtelResourceAttributes.parse(value))
                .isInstanceOf(OtelResourceAttributes.MalformedException.class)
                .hasMessageStartingWith("entry ");
    }

    @Test
    void theErrorDoesNotQuoteTheValue() {
        assertThatThrownBy(() -> OtelResourceAttributes.parse("ok=1,secret-token-without-equals"))
                .hasMessage("entry 2 has no '='");
    }
}
