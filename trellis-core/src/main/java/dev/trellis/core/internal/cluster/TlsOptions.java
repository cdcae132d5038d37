package dev.trellis.core.internal.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Artery {@code tls-tcp} settings: this node's key store (its private key and certificate) and
 * the trust store of the certificates it accepts from peers. Mutual authentication is always on,
 * so a peer without a key the trust store accepts cannot connect. Both stores are read in the
 * JDK's default key store type (PKCS12).
 *
 * @param keyPassword the private key's password; the key store's password when null
 */
public record TlsOptions(Path keyStore, String keyStorePassword, String keyPassword,
                         Path trustStore, String trustStorePassword) {
    public TlsOptions {
        requireReadable("cluster.tls.key-store", keyStore);
        requireReadable("cluster.tls.trust-store", trustStore);
        Objects.requireNonNull(keyStorePassword, "cluster.tls.key-store-password must be set");
        Objects.requireNonNull(trustStorePassword, "cluster.tls.trust-store-password must be set");
        keyPassword = keyPassword == null ? keyStorePassword : keyPassword;
    }

    /** A key store whose key has the key store's password. */
    public static TlsOptions of(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        return new TlsOptions(keyStore, keyStorePassword, null, trustStore, trustStorePassword);
    }

    private static void requireReadable(String setting, Path path) {
        if (path == null) {
            throw new IllegalArgumentException(setting + " must be set");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(setting + " must be a readable file, was '" + path + "'");
        }
    }

    @Override
    public String toString() {
        return "TlsOptions[keyStore=" + keyStore + ", trustStore=" + trustStore + ", passwords hidden]";
    }
}
