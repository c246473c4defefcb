package io.sockscope.pipeline.exporter.compression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class GzipTest {

    /** scripts/setup installs libisal2 and libdeflate0: without them exports still work, only slower. */
    @Test
    void usesIsaLWhereTheSetUpInstalledIt() {
        assertThat(Gzip.fastest().implementation()).isEqualTo("isa-l");
        assertThat(IsaL.load()).isNotNull();
        assertThat(LibDeflate.load()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"isa-l", "libdeflate", "zlib"})
    void anyReaderOfGzipGetsTheBytesBack(String implementation) throws IOException {
        Gzip gzip = gzip(implementation);
        for (byte[] input : inputs()) {
            assertThat(gunzip(compress(gzip, input, input.length))).isEqualTo(input);
        }
        byte[] big = inputs().get(3);
        assertThat(gunzip(compress(gzip, big, 1000))).isEqualTo(java.util.Arrays.copyOf(big, 1000));
    }

    /** As RequestBody uses it: protobuf's array encoder writes the request into the buffer gzip reads. */
    @ParameterizedTest
    @ValueSource(strings = {"isa-l", "libdeflate", "zlib"})
    void whatTheEncoderWritesIntoTheBufferIsWhatIsCompressed(String implementation) throws IOException {
        Gzip gzip = gzip(implementation);
        for (byte[] input : inputs()) {
            byte[] compressed = gzip.compress(input.length, (buffer, offset, length) -> {
                assertThat(buffer.length - offset).isGreaterThanOrEqualTo(length);
                System.arraycopy(input, 0, buffer, offset, length);
            });
            assertThat(gunzip(compressed)).isEqualTo(input);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"isa-l", "libdeflate"})
    void threadsShareItSafely(String implementation) throws Exception {
        Gzip gzip = gzip(implementation);
        List<byte[]> inputs = inputs();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                byte[] input = inputs.get(t % inputs.size());
                results.add(pool.submit(() -> java.util.Arrays.equals(gunzip(compress(gzip, input, input.length)), input)));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        }
    }

    /** A request larger than the last one a pooled compressor saw, and smaller again, round-trips. */
    @ParameterizedTest
    @ValueSource(strings = {"isa-l", "libdeflate", "zlib"})
    void buffersGrowAndShrinkWithTheRequests(String implementation) throws IOException {
        Gzip gzip = gzip(implementation);
        List<byte[]> inputs = inputs();
        for (int i : new int[] {1, 3, 2, 0, 3, 1}) {
            byte[] input = inputs.get(i);
            assertThat(gunzip(compress(gzip, input, input.length))).isEqualTo(input);
        }
    }

    /**
     * Requests that overlap (concurrent senders) each take a compressor; once they are back the pool
     * keeps two and frees the others' native memory, and what it kept still works.
     */
    @ParameterizedTest
    @ValueSource(strings = {"isa-l", "libdeflate", "zlib"})
    void aBurstOfOverlappingRequestsLeavesTwoIdleCompressors(String implementation) throws IOException {
        Gzip gzip = gzip(implementation);
        byte[] input = inputs().get(2);
        List<byte[]> compressed = new ArrayList<>();
        overlapping(gzip, input, 6, compressed);
        for (int i = 0; i < 6; i++) { // the innermost request, the shortest by none, is done first
            assertThat(gunzip(compressed.get(i))).isEqualTo(java.util.Arrays.copyOf(input, input.length - i));
        }
        assertThat(gzip.idleSlots()).isEqualTo(Gzip.MAX_IDLE);
        for (int i = 0; i < 4; i++) {
            assertThat(gunzip(compress(gzip, input, input.length))).isEqualTo(input);
        }
        assertThat(gzip.idleSlots()).isEqualTo(Gzip.MAX_IDLE);
    }

    /** {@code n} requests at once: each one's encoder starts the next before it writes its own bytes. */
    private static void overlapping(Gzip gzip, byte[] input, int n, List<byte[]> done) throws IOException {
        if (n == 0) {
            return;
        }
        int length = input.length - (n - 1);
        done.add(gzip.compress(length, (buffer, offset, len) -> {
            overlapping(gzip, input, n - 1, done);
            System.arraycopy(input, 0, buffer, offset, len);
        }));
    }

    /** {@code bytes[0..length)} through the encoder API, as a request whose bytes are already in an array. */
    private static byte[] compress(Gzip gzip, byte[] bytes, int length) throws IOException {
        return gzip.compress(length, (buffer, offset, n) -> System.arraycopy(bytes, 0, buffer, offset, n));
    }

    private static Gzip gzip(String implementation) {
        NativeGzip library = switch (implementation) {
            case "isa-l" -> IsaL.load();
            case "libdeflate" -> LibDeflate.load();
            default -> null;
        };
        assertThat(library == null).isEqualTo(implementation.equals("zlib"));
        return new Gzip(library);
    }

    /** Empty, tiny, text-like and 3 MiB of OTLP-like repetition mixed with random bytes. */
    private static List<byte[]> inputs() {
        Random random = new Random(7);
        byte[] noise = new byte[3 << 20];
        random.nextBytes(noise);
        StringBuilder spans = new StringBuilder();
        while (spans.length() < (3 << 20)) {
            spans.append("http.request.method GET url.path /api/v1/products/").append(random.nextInt(1000))
                    .append(" network.peer.port ").append(32768 + random.nextInt(28000)).append('\n');
        }
        byte[] text = spans.toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < noise.length; i += 7) {
            noise[i] = text[i % text.length];
        }
        return List.of(new byte[0], "x".getBytes(StandardCharsets.UTF_8), text, noise);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
