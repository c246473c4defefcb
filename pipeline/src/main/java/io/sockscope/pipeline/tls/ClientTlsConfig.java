package io.sockscope.pipeline.tls;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code tls} mapping of an exporter, as in the Collector's {@code configtls.ClientConfig}.
 *
 * <p>TLS is on unless {@code insecure: true} (or the endpoint says {@code http://}). A plaintext local
 * Collector at {@code localhost:4317} therefore needs {@code tls: {insecure: true}}, or the endpoint
 * written as {@code http://localhost:4317}.
 *
 * @param insecure           plaintext instead of TLS (gRPC; for HTTP the URL scheme decides)
 * @param insecureSkipVerify TLS without checking the server's certificate or name: testing only
 * @param caFile             PEM CA bundle that signs the server's certificate; the JDK's trust store when absent
 * @param certFile           PEM client certificate (chain) for mutual TLS; needs {@code key_file}
 * @param keyFile            PEM private key of {@code cert_file} (PKCS#8, or PKCS#1 RSA / SEC1 EC, unencrypted)
 */
public record ClientTlsConfig(Boolean insecure, Boolean insecureSkipVerify, String caFile, String certFile,
                              String keyFile) implements Validated {
    public ClientTlsConfig {
        insecure = insecure != null && insecure;
        insecureSkipVerify = insecureSkipVerify != null && insecureSkipVerify;
    }

    public static ClientTlsConfig defaults() {
        return new ClientTlsConfig(false, false, null, null, null);
    }

    @Override
    public void validate() {
        if ((certFile == null) != (keyFile == null)) {
            String missing = certFile == null ? "cert_file" : "key_file";
            throw new InvalidValueException(missing, "cert_file and key_file go together for mutual TLS",
                    "set both cert_file and key_file, or neither");
        }
        readable("ca_file", caFile);
        readable("cert_file", certFile);
        readable("key_file", keyFile);
    }

    public boolean hasClientCertificate() {
        return certFile != null;
    }

    static void readable(String key, String file) {
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw new InvalidValueException(key, "cannot read " + file,
                    "give the path of a readable PEM file (relative paths start at the working directory)");
        }
    }
}
