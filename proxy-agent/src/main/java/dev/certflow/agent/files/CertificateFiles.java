package dev.certflow.agent.files;

import dev.certflow.agent.config.AgentConfig;
import dev.certflow.agent.store.ServedCertificate;
import dev.certflow.agent.store.SniTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Writes each certificate to {@code CERTFLOW_CERT_DIR/<name>/} for an external proxy: {@code
 * fullchain.pem}, {@code privkey.pem} and {@code combined.pem} (chain then key). Each file is
 * written to a temporary file and renamed, so a reader never sees half a file. A marker file says
 * which folders certflow owns; only those are ever removed.
 *
 * <p>A folder that cannot be written (the directory read-only or full) does not stop the node: it
 * serves from memory, names the failure in its reports, and tries again every {@code
 * CERTFLOW_FILE_RETRY} until the files are in step.
 */
@ApplicationScoped
public class CertificateFiles {

  private static final Logger LOG = Logger.getLogger(CertificateFiles.class);
  static final String MARKER = ".certflow";

  private final Path root;
  private final ReloadCommand reload;
  // Names whose folder is not in step with what the node serves, with the reason (by name).
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  // Whether the last reconcile could not list the directory: the next retry reconciles again.
  private boolean reconcilePending;

  CertificateFiles(AgentConfig config, ReloadCommand reload) {
    this.root = config.certDir().filter(d -> !d.isBlank()).map(Path::of).orElse(null);
    this.reload = reload;
  }

  /** Certificates whose files are not in step with what the node serves: name to reason. */
  public Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  /** Writes changed certificates and removes deleted ones, then asks for a reload. */
  public synchronized void write(
      Collection<ServedCertificate> upserts, Collection<String> removals) {
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
  public synchronized void reconcile(
      Collection<ServedCertificate> served, Collection<String> removals) {
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
      reconcilePending = false;
    } catch (IOException e) {
      if (!reconcilePending) {
        LOG.errorf("certificate directory %s cannot be read: %s", root, e.toString());
      }
      reconcilePending = true;
      served.forEach(c -> failures.putIfAbsent(c.name(), "the directory cannot be read"));
      return;
    }
    served.forEach(c -> orphans.remove(c.name()));
    write(served, orphans);
  }

  /**
   * Tries again what could not be written or removed, against what the node serves now; asks for a
   * reload once something changed.
   */
  public synchronized void retry(SniTable served) {
    if (root == null || (failures.isEmpty() && !reconcilePending)) {
      return;
    }
    if (reconcilePending) {
      reconcile(served.all(), List.of());
      return;
    }
    List<ServedCertificate> upserts = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    for (String name : failures.keySet()) {
      ServedCertificate current = served.byName(name);
      if (current == null) {
        removals.add(name);
      } else {
        upserts.add(current);
      }
    }
    write(upserts, removals);
    if (failures.isEmpty()) {
      LOG.infof("certificate files in %s are in step again", root);
    }
  }

  private boolean writeOne(ServedCertificate certificate) {
    Path folder = folderOf(certificate.name());
    if (folder == null) {
      failed(certificate.name(), "the name would leave " + root + ", not written");
      return false;
    }
    try {
      Files.createDirectories(folder);
      Path marker = folder.resolve(MARKER);
      String identity = certificate.alias() + "\n";
      if (Files.exists(marker) && Files.readString(marker).equals(identity)) {
        failures.remove(certificate.name());
        return false;
      }
      String key = privateKeyPem(certificate);
      atomicWrite(folder.resolve("fullchain.pem"), certificate.fullchainPem(), false);
      atomicWrite(folder.resolve("privkey.pem"), key, true);
      atomicWrite(folder.resolve("combined.pem"), certificate.fullchainPem() + key, true);
      atomicWrite(marker, identity, false);
      failures.remove(certificate.name());
      return true;
    } catch (IOException e) {
      failed(certificate.name(), "writing " + folder + " failed: " + e);
      return false;
    }
  }

  private boolean remove(String name) {
    Path folder = folderOf(name);
    if (folder == null || !Files.exists(folder.resolve(MARKER))) {
      failures.remove(name);
      return false;
    }
    try {
      for (String file : new String[] {"fullchain.pem", "privkey.pem", "combined.pem", MARKER}) {
        Files.deleteIfExists(folder.resolve(file));
      }
      Files.deleteIfExists(folder);
      failures.remove(name);
      return true;
    } catch (IOException e) {
      failed(name, "removing " + folder + " failed: " + e);
      return false;
    }
  }

  /**
   * The folder of a certificate: a direct child of the directory. A name from a record is not
   * trusted to be one (a forged {@code ../x} would write elsewhere); null when it is not.
   */
  Path folderOf(String name) {
    if (name == null || name.isEmpty() || name.startsWith(".") || name.indexOf('\0') >= 0) {
      return null;
    }
    Path base = root.toAbsolutePath().normalize();
    Path folder = base.resolve(name).normalize();
    return base.equals(folder.getParent()) ? folder : null;
  }

  /** Records a failure; logged when it is new, not at every retry. */
  private void failed(String name, String reason) {
    if (failures.put(name, reason) == null) {
      LOG.errorf(
          "certificate %s: %s; serving it from memory, retrying every interval", name, reason);
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
