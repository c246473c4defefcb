package io.sockscope.pipeline.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys in the PEM forms openssl writes: PKCS#8, PKCS#1 RSA ("traditional") and SEC1 EC. */
class PemTlsTest {
    @TempDir
    Path dir;

    @Test
    void readsPkcs8Keys() throws Exception {
        TestCerts.openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.pem");
        assertThat(Files.readString(dir.resolve("k.pem"))).contains("BEGIN PRIVATE KEY");
        assertThat(PemTls.privateKey(dir.resolve("k.pem"))).isInstanceOf(ECPrivateKey.class);
    }

    @Test
    void readsSec1EcKeys() throws Exception {
        TestCerts.openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "k.pem");
        assertThat(Files.readString(dir.resolve("k.pem"))).contains("BEGIN EC PRIVATE KEY");
        PrivateKey key = PemTls.privateKey(dir.resolve("k.pem"));
        assertThat(key).isInstanceOf(ECPrivateKey.class);
        // the same key as openssl's own PKCS#8 conversion
        TestCerts.openssl(dir, "pkcs8", "-topk8", "-nocrypt", "-in", "k.pem", "-out", "k8.pem");
        assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) PemTls.privateKey(dir.resolve("k8.pem"))).getS());
    }

    @Test
    void readsPkcs1RsaKeys() throws Exception {
        TestCerts.openssl(dir, "genrsa", "-traditional", "-out", "k.pem", "2048");
        assertThat(Files.readString(dir.resolve("k.pem"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(PemTls.privateKey(dir.resolve("k.pem"))).isInstanceOf(RSAPrivateKey.class);
    }

    @Test
    void explainsEncryptedKeysAndMissingBlocks() throws Exception {
        TestCerts.openssl(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:secret", "-out", "enc.pem");
        assertThatThrownBy(() -> PemTls.privateKey(dir.resolve("enc.pem"))).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("encrypted").hasMessageContaining("openssl pkey");
        Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> PemTls.certificates(dir.resolve("empty.pem"))).hasMessageContaining("no PEM CERTIFICATE");
    }

    @Test
    void loadsACertificateChainWithItsKey() throws Exception {
        TestCerts certs = TestCerts.generate(dir);
        assertThat(PemTls.keyManagers(certs.serverCert(), certs.serverKey())).isNotEmpty();
        assertThat(PemTls.trustManagers(certs.ca())).isNotEmpty();
        assertThat(PemTls.certificates(certs.serverCert()).getFirst().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    }
}
