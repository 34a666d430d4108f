package dev.certflow.agent.files;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.store.ServedCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Writes each certificate to {@code CERTFLOW_CERT_DIR/<name>/} for an external proxy: {@code
 * fullchain.pem}, {@code privkey.pem} and {@code combined.pem} (chain then key). Each file is
 * written to a temporary file and renamed, so a reader never sees half a file. A marker file says
 * which folders certflow owns; only those are ever removed.
 */
@ApplicationScoped
public class CertificateFiles {

  private static final Logger LOG = Logger.getLogger(CertificateFiles.class);
  static final String MARKER = ".certflow";

  private final Path root;
  private final ReloadCommand reload;

  CertificateFiles(AgentConfig config, ReloadCommand reload) {
    this.root = config.certDir().filter(d -> !d.isBlank()).map(Path::of).orElse(null);
    this.reload = reload;
  }

  /** Writes changed certificates and removes deleted ones, then asks for a reload. */
  public void write(Collection<ServedCertificate> upserts, Collection<String> removals) {
    if (root == null) {
      return;
    }
    boolean changed = false;
    for (ServedCertificate certificate : upserts) {
      changed |= writeOne(certificate);
    }
    for (String name : removals) {
      changed |= remove(name);
    }
    if (changed) {
      reload.request();
    }
  }

  /** After catching up: writes everything served and removes owned folders no longer served. */
  public void reconcile(Collection<ServedCertificate> served, Collection<String> removals) {
    if (root == null) {
      return;
    }
    Set<String> orphans = new HashSet<>(removals);
    try {
      Files.createDirectories(root);
      try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
        for (Path folder : folders) {
          if (Files.exists(folder.resolve(MARKER))) {
            orphans.add(folder.getFileName().toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    served.forEach(c -> orphans.remove(c.name()));
    write(served, orphans);
  }

  private boolean writeOne(ServedCertificate certificate) {
    Path folder = root.resolve(certificate.name());
    try {
      Files.createDirectories(folder);
      Path marker = folder.resolve(MARKER);
      String identity = certificate.alias() + "\n";
      if (Files.exists(marker) && Files.readString(marker).equals(identity)) {
        return false;
      }
      String key = privateKeyPem(certificate);
      atomicWrite(folder.resolve("fullchain.pem"), certificate.fullchainPem(), false);
      atomicWrite(folder.resolve("privkey.pem"), key, true);
      atomicWrite(folder.resolve("combined.pem"), certificate.fullchainPem() + key, true);
      atomicWrite(marker, identity, false);
      return true;
    } catch (IOException e) {
      LOG.errorf(
          "certificate %s: writing files to %s failed: %s",
          certificate.name(), folder, e.getMessage());
      return false;
    }
  }

  private boolean remove(String name) {
    Path folder = root.resolve(name);
    if (!Files.exists(folder.resolve(MARKER))) {
      return false;
    }
    try {
      for (String file : new String[] {"fullchain.pem", "privkey.pem", "combined.pem", MARKER}) {
        Files.deleteIfExists(folder.resolve(file));
      }
      Files.deleteIfExists(folder);
      return true;
    } catch (IOException e) {
      LOG.errorf("certificate %s: removing %s failed: %s", name, folder, e.getMessage());
      return false;
    }
  }

  private static String privateKeyPem(ServedCertificate certificate) {
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(certificate.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static void atomicWrite(Path target, String content, boolean secret) throws IOException {
    Path temp =
        secret
            ? Files.createTempFile(
                target.getParent(),
                ".tmp-",
                ".pem",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(target.getParent(), ".tmp-", ".pem");
    try {
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      if (!secret) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
