package org.clinicalbert.workbench.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.spark.SparkEnv;
import org.clinicalbert.workbench.io.UserInputException;
import org.clinicalbert.workbench.runs.RunLock;
import scala.Tuple2;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A results directory on a Hadoop file system ({@code file:}, {@code hdfs:}, {@code s3a:} with hadoop-aws, ...),
 * for {@code sweep --spark --out URI} and {@code run --spark --set output.dir=URI}. The run and sweep code writes
 * through java.nio (file locks, atomic moves, {@code toFile()}), so it keeps working in a local staging folder and
 * this class moves files between that folder and the store: whole files, each made visible under its name only when
 * complete (written to a hidden {@code ._NAME.tmp-UUID} beside it, then renamed over the target), so a reader of the
 * store never sees half a file. Paths inside the store are relative, '/'-separated.
 *
 * <p>Serializable (the root URI only): tasks carry it to executors, which connect on first use with the Hadoop
 * settings Spark passes them ({@code spark.hadoop.*}, {@code HADOOP_CONF_DIR}).
 */
public final class ResultsStore implements Serializable {

    private static final long serialVersionUID = 1L;
    /** Files being written; never listed, never downloaded. */
    static final String TEMP_PREFIX = "._";

    private final String root;
    private transient FileSystem fs;
    private transient FileContext fc;

    private ResultsStore(String root) {
        this.root = root;
    }

    /**
     * Connects to {@code uri} and makes its folder. An unknown scheme (s3a without hadoop-aws on the class path) or a
     * malformed URI is an {@link IllegalArgumentException} naming the URI and what to add: the caller checks this on
     * the driver before any task starts.
     */
    public static ResultsStore open(String uri) throws IOException {
        ResultsStore s;
        try {
            // Hadoop's spelling (file:///x is file:/x), so that every URI the workbench writes has one form
            s = new ResultsStore(new org.apache.hadoop.fs.Path(uri).toString());
            s.fs();
        } catch (UnsupportedFileSystemException e) {
            throw noFileSystem(uri);
        } catch (RuntimeException e) {
            // a scheme Hadoop's defaults name but whose jar is missing (s3a: S3AFileSystem without hadoop-aws)
            if (hasCause(e, ClassNotFoundException.class)) {
                throw noFileSystem(uri);
            }
            if (e instanceof IllegalArgumentException) {
                throw new UserInputException("not a results location: " + uri + " (" + e.getMessage() + ")");
            }
            throw e;
        }
        try {
            s.fs.mkdirs(s.path(""));
        } catch (IOException e) {
            throw new IOException("cannot create " + uri + ": " + e.getMessage(), e);
        }
        return s;
    }

    private static UserInputException noFileSystem(String uri) {
        String scheme = new org.apache.hadoop.fs.Path(uri).toUri().getScheme();
        return new UserInputException("no Hadoop file system for " + uri + " (scheme " + scheme + ") on the "
                + "class path" + ("s3a".equals(scheme) ? ": add hadoop-aws, e.g. spark-submit --packages "
                + "org.apache.hadoop:hadoop-aws:3.3.2" : ": add the jar that implements it (spark-submit --packages "
                + "or --jars)") + ", or use a local path, file: or hdfs:");
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The root URI as Hadoop spells it (no trailing slash). */
    public String root() {
        return root;
    }

    /** The URI of {@code rel} under the root, as Hadoop prints it. */
    public String uri(String rel) {
        return path(rel).toString();
    }

    private org.apache.hadoop.fs.Path path(String rel) {
        return rel.isEmpty() ? new org.apache.hadoop.fs.Path(root) : new org.apache.hadoop.fs.Path(root + "/" + rel);
    }

    private FileSystem fs() throws IOException {
        if (fs == null) {
            Configuration conf = hadoopConf();
            java.net.URI u = path("").toUri();
            FileSystem f = FileSystem.get(u, conf);
            // the checksumming local file system would leave a .NAME.crc beside every result file
            fs = f instanceof LocalFileSystem local ? local.getRaw() : f;
            fc = FileContext.getFileContext(u, conf);
        }
        return fs;
    }

    /**
     * Hadoop's settings plus those Spark was given as {@code spark.hadoop.*}: from Spark's settings on executors and
     * on a driver whose session is open, from the system properties spark-submit sets before it is.
     */
    private static Configuration hadoopConf() {
        Configuration conf = new Configuration();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), System.getProperty(key));
            }
        }
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> kv : env.conf().getAll()) {
                if (kv._1().startsWith("spark.hadoop.")) {
                    conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
                }
            }
        }
        return conf;
    }

    public boolean exists(String rel) throws IOException {
        return fs().exists(path(rel));
    }

    /** A small file's text, if it exists. */
    public Optional<String> readString(String rel) throws IOException {
        try (FSDataInputStream in = fs().open(path(rel))) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Names of the folders directly under {@code rel} (none when it does not exist), hidden ones left out. */
    public List<String> folders(String rel) throws IOException {
        List<String> out = new ArrayList<>();
        FileStatus[] all;
        try {
            all = fs().listStatus(path(rel));
        } catch (FileNotFoundException e) {
            return out;
        }
        for (FileStatus s : all) {
            if (s.isDirectory() && !s.getPath().getName().startsWith(".")) {
                out.add(s.getPath().getName());
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Every file under {@code rel}, as paths relative to it: files being written and run locks (which hold a process
     * id that means nothing on another machine) left out.
     */
    public List<String> files(String rel) throws IOException {
        List<String> out = new ArrayList<>();
        org.apache.hadoop.fs.Path base = path(rel);
        if (!fs().exists(base)) {
            return out;
        }
        String prefix = fs.makeQualified(base).toUri().getPath();
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
        while (it.hasNext()) {
            String p = it.next().getPath().toUri().getPath();
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (name.startsWith(TEMP_PREFIX) || name.equals(RunLock.FILE) || !p.startsWith(prefix)) {
                continue;
            }
            out.add(p.substring(prefix.length()));
        }
        out.sort(null);
        return out;
    }

    /**
     * Whether a result file is text that may name a staging folder (configs, status, metrics, reports): these are
     * moved with the staging folder's path and the store's root swapped, so that the store's copy names the store and
     * each staging copy its own folder (a resumed run compares its config.yaml, {@code output.dir} included, with
     * the config it is given in a new staging folder).
     */
    static boolean isText(String name) {
        return name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".csv") || name.endsWith(".md");
    }

    /** Copies the store's {@code rel} to {@code local} (replaced if there). */
    public void download(String rel, Path local) throws IOException {
        Files.createDirectories(local.toAbsolutePath().getParent());
        try (FSDataInputStream in = fs().open(path(rel))) {
            Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Uploads the local file {@code local} as {@code rel}, visible only once complete. */
    public void upload(Path local, String rel) throws IOException {
        try (InputStream in = Files.newInputStream(local)) {
            put(in, rel);
        }
    }

    /** Writes {@code text} as {@code rel}, visible only once complete. */
    public void writeString(String rel, String text) throws IOException {
        put(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), rel);
    }

    private void put(InputStream in, String rel) throws IOException {
        org.apache.hadoop.fs.Path target = path(rel);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
                TEMP_PREFIX + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            try (FSDataOutputStream out = fs().create(tmp, true)) {
                in.transferTo(out);
            }
            // one atomic rename over the old file where the file system has it (HDFS, local); s3a copies
            fc.rename(tmp, target, Options.Rename.OVERWRITE);
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException ignored) {
                // the upload's own error is the one to report
            }
            throw e;
        }
    }

    @Override
    public String toString() {
        return root;
    }
}
