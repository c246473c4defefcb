package io.sockscope.pipeline.tls;

import io.sockscope.config.InvalidValueException;
import io.sockscope.config.Validated;

/**
 * The {@code tls} mapping of a receiver protocol, as in the Collector's {@code configtls.ServerConfig}.
 *
 * @param certFile     PEM server certificate (chain)
 * @param keyFile      PEM private key of {@code cert_file}
 * @param clientCaFile PEM CA bundle; when set, clients must present a certificate it signs (mutual TLS)
 */
public record ServerTlsConfig(String certFile, String keyFile, String clientCaFile) implements Validated {
    @Override
    public void validate() {
        if (certFile == null) {
            throw new InvalidValueException("cert_file", "a TLS server needs a certificate",
                    "set cert_file and key_file to PEM files, or remove tls for plaintext");
        }
        if (keyFile == null) {
            throw new InvalidValueException("key_file", "a TLS server needs the certificate's private key",
                    "set key_file to the PEM private key of cert_file");
        }
        ClientTlsConfig.readable("cert_file", certFile);
        ClientTlsConfig.readable("key_file", keyFile);
        ClientTlsConfig.readable("client_ca_file", clientCaFile);
    }

    public boolean requiresClientCertificate() {
        return clientCaFile != null;
    }
}
