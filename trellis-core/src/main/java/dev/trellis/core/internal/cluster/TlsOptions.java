package dev.trellis.core.internal.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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

    /**
     * A TLS 1.3 context of these stores, for the sockets a node opens beside Artery (its data
     * channel): the same key and the same trust as the cluster port.
     *
     * @throws IllegalArgumentException naming the store that cannot be read
     */
    public SSLContext sslContext() {
        try {
            var keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load("cluster.tls.key-store", keyStore, keyStorePassword), keyPassword.toCharArray());
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load("cluster.tls.trust-store", trustStore, trustStorePassword));
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cluster.tls: cannot use the key store '" + keyStore
                    + "' and trust store '" + trustStore + "': " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String setting, Path path, String password) throws GeneralSecurityException {
        try {
            return KeyStore.getInstance(path.toFile(), password.toCharArray());
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + " '" + path + "' cannot be read (wrong password?): "
                    + e.getMessage(), e);
        }
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
