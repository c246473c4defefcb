package io.sockscope.semconv.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeCacheTest {

    @Test
    void aRepeatedValueIsTheSameMessage() {
        AttributeCache cache = new AttributeCache();
        KeyValue first = cache.of("url.path", new String("/api/v1/products"));

        assertThat(cache.of("url.path", new String("/api/v1/products"))).isSameAs(first);
        assertThat(first).isEqualTo(KeyValues.of("url.path", "/api/v1/products"));
        assertThat(cache.of("server.port", 8080)).isSameAs(cache.of("server.port", 8080));
    }

    @Test
    void differentKeysValuesAndTypesNeverMix() {
        AttributeCache cache = new AttributeCache();

        assertThat(cache.of("client.address", "10.0.0.1")).isEqualTo(KeyValues.of("client.address", "10.0.0.1"));
        assertThat(cache.of("network.peer.address", "10.0.0.1")).isEqualTo(KeyValues.of("network.peer.address", "10.0.0.1"));
        assertThat(cache.of("client.address", "10.0.0.2")).isEqualTo(KeyValues.of("client.address", "10.0.0.2"));
        assertThat(cache.of("server.port", 80)).isEqualTo(KeyValues.of("server.port", 80));
        assertThat(cache.of("server.port", "80")).isEqualTo(KeyValues.of("server.port", "80"));
        assertThat(cache.of("server.port", 80)).isEqualTo(KeyValues.of("server.port", 80));
    }

    @Test
    void valuesThatCollideInOneSlotStayRight() {
        AttributeCache cache = new AttributeCache(1); // every value in the same slot
        for (int i = 0; i < 100; i++) {
            assertThat(cache.of("network.peer.port", i % 7)).isEqualTo(KeyValues.of("network.peer.port", i % 7));
            assertThat(cache.of("url.path", "/" + (i % 5))).isEqualTo(KeyValues.of("url.path", "/" + (i % 5)));
        }
    }

    @Test
    void integersThatDoNotRepeatLeaveTheStringsCached() {
        AttributeCache cache = new AttributeCache(1);
        KeyValue address = cache.of("client.address", "10.0.0.1");
        for (int port = 32768; port < 33768; port++) {
            cache.of("network.peer.port", port);
        }

        assertThat(cache.of("client.address", "10.0.0.1")).isSameAs(address);
    }

    /** Held as UTF-8 bytes, written exactly as the same attribute built from strings. */
    @Test
    void theWireBytesAreThoseOfTheStrings() {
        KeyValue fromStrings = KeyValue.newBuilder().setKey("user_agent.original")
                .setValue(AnyValue.newBuilder().setStringValue("curl/8 \u00e9\u6f22 \uD83D\uDE00")).build();
        KeyValue shared = new AttributeCache().of("user_agent.original", "curl/8 \u00e9\u6f22 \uD83D\uDE00");

        assertThat(shared.toByteArray()).isEqualTo(fromStrings.toByteArray());
        assertThat(shared.getValue().getStringValue()).isEqualTo("curl/8 \u00e9\u6f22 \uD83D\uDE00");
        assertThat(shared.toByteArray()).isEqualTo(fromStrings.toByteArray());
    }

    @Test
    void sharedByThreadsWithoutWrongAnswers() throws InterruptedException {
        AttributeCache cache = new AttributeCache(16);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int seed = t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 20_000; i++) {
                    String value = "10.0.0." + ((i * 7 + seed) % 50);
                    KeyValue kv = cache.of("client.address", value);
                    if (!kv.getValue().getStringValue().equals(value)) {
                        wrong.add(value + " -> " + kv.getValue().getStringValue());
                    }
                }
                done.countDown();
            });
        }
        done.await();

        assertThat(wrong).isEmpty();
    }

    @Test
    void slotsMustBeAPowerOfTwo() {
        assertThatThrownBy(() -> new AttributeCache(1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
