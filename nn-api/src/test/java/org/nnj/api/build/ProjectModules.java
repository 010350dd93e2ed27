package org.nnj.api.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The project's modules as the parent pom lists them, read from the source tree (the tests run in nn-api's
 * directory, beside the other modules). A module is <em>published</em> when it is a jar module that does not set
 * {@code maven.deploy.skip} (the apps and the example plugin do); the rules of the build checks apply to those.
 */
final class ProjectModules {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final String MODULE_INFO = "module-info.java";
    /** A top-level type starts at column 0 in this project's formatting. */
    private static final Pattern PUBLIC_TOP_LEVEL = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp|static)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern MARKER =
            Pattern.compile("^@API\\(status\\s*=\\s*(?:API\\.Status\\.)?(\\w+)", Pattern.MULTILINE);
    private static final Pattern END_OF_PREVIOUS = Pattern.compile("^(?:import|package)\\s[^;]*;|^}", Pattern.MULTILINE);

    /** The public top-level type a source file declares: its name and its {@code @API} status (null: none). */
    record PublicType(String name, String status) {
    }

    /** One module: its directory name, its pom, and what the checks need of it. */
    record Module(String name, Path dir, Element pom) {
        String packaging() {
            String p = child(pom, "packaging");
            return p == null ? "jar" : p;
        }

        String property(String key) {
            Element props = childElement(pom, "properties");
            return props == null ? null : child(props, key);
        }

        boolean published() {
            return packaging().equals("jar") && !"true".equals(property("maven.deploy.skip"));
        }

        String description() {
            String d = child(pom, "description");
            return d == null ? null : d.strip();
        }

        String version() {
            String v = child(pom, "version");
            if (v == null) {
                Element parent = childElement(pom, "parent");
                v = parent == null ? null : child(parent, "version");
            }
            return v;
        }

        Path mainSources() {
            return dir.resolve("src/main/java");
        }

        /** Every .java file under src/main/java but the module descriptor, relative to the project root in messages. */
        List<Path> mainSourceFiles() {
            if (!Files.isDirectory(mainSources())) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(mainSources())) {
                return files.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !p.getFileName().toString().equals(MODULE_INFO)).sorted()
                        .collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** src/main/java/module-info.java, read; null for a module without one (an automatic module). */
        ModuleInfo moduleInfo() {
            Path file = mainSources().resolve(MODULE_INFO);
            return Files.isRegularFile(file) ? ModuleInfo.parse(file) : null;
        }

        /** The files under src/main/resources/META-INF/services: service interface to the providers listed. */
        Map<String, List<String>> serviceFiles() {
            Path services = dir.resolve("src/main/resources/META-INF/services");
            Map<String, List<String>> out = new TreeMap<>();
            if (!Files.isDirectory(services)) {
                return out;
            }
            try (Stream<Path> files = Files.list(services)) {
                for (Path f : files.sorted().collect(Collectors.toList())) {
                    List<String> providers = new ArrayList<>();
                    for (String line : Files.readAllLines(f)) {
                        String entry = line.replaceAll("#.*", "").strip();
                        if (!entry.isEmpty()) {
                            providers.add(entry);
                        }
                    }
                    out.put(f.getFileName().toString(), providers);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
    }

    /**
     * What a {@code module-info.java} declares, read from its source (comments removed): enough for the build
     * checks, not a full parser (no annotations on the module, one directive per statement).
     *
     * @param exports  package to the modules it is exported to; an empty list for an unqualified export
     * @param opens    the same for {@code opens}
     * @param requires module to its modifiers ({@code static}, {@code transitive})
     * @param provides service interface to its providers, in the order written
     */
    record ModuleInfo(Path file, String name, Map<String, List<String>> exports, Map<String, List<String>> opens,
                      Map<String, Set<String>> requires, Set<String> uses, Map<String, List<String>> provides) {
        private static final Pattern HEADER = Pattern.compile("\\b(?:open\\s+)?module\\s+([\\w.]+)\\s*\\{");
        private static final Pattern DIRECTIVE = Pattern.compile("(requires|exports|opens|uses|provides)\\s+([^;]*);");

        static ModuleInfo parse(Path file) {
            String text = read(file).replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
            Matcher header = HEADER.matcher(text);
            if (!header.find()) {
                throw new IllegalStateException(file + ": no `module <name> {` found");
            }
            Map<String, List<String>> exports = new TreeMap<>();
            Map<String, List<String>> opens = new TreeMap<>();
            Map<String, Set<String>> requires = new TreeMap<>();
            Set<String> uses = new TreeSet<>();
            Map<String, List<String>> provides = new TreeMap<>();
            Matcher d = DIRECTIVE.matcher(text.substring(header.end()));
            while (d.find()) {
                List<String> words = List.of(d.group(2).strip().split("[\\s,]+"));
                switch (d.group(1)) {
                    case "requires" -> requires.put(words.get(words.size() - 1),
                            new TreeSet<>(words.subList(0, words.size() - 1)));
                    case "exports" -> exports.put(words.get(0), targets(file, words, "to"));
                    case "opens" -> opens.put(words.get(0), targets(file, words, "to"));
                    case "uses" -> uses.add(words.get(0));
                    case "provides" -> provides.put(words.get(0), targets(file, words, "with"));
                    default -> throw new AssertionError(d.group(1));
                }
            }
            return new ModuleInfo(file, header.group(1), exports, opens, requires, uses, provides);
        }

        private static List<String> targets(Path file, List<String> words, String keyword) {
            if (words.size() == 1) {
                return List.of();
            }
            if (!words.get(1).equals(keyword) || words.size() < 3) {
                throw new IllegalStateException(file + ": expected `" + words.get(0) + " " + keyword + " ...`, found "
                        + String.join(" ", words));
            }
            return List.copyOf(words.subList(2, words.size()));
        }

        boolean exportsToEveryone(String pkg) {
            List<String> to = exports.get(pkg);
            return to != null && to.isEmpty();
        }
    }

    private ProjectModules() {
    }

    static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(root.resolve("nn-api/pom.xml")), "not run from a module of the project: " + root);
        return root;
    }

    static Element pom(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            Document doc = f.newDocumentBuilder().parse(file.toFile());
            return doc.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(file + ": cannot read the pom: " + e.getMessage(), e);
        }
    }

    /** The modules the parent pom lists, in its order. */
    static List<Module> all() {
        Path root = root();
        Element parent = pom(root.resolve("pom.xml"));
        List<Module> modules = new ArrayList<>();
        NodeList list = childElement(parent, "modules").getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            String name = list.item(i).getTextContent().strip();
            Path dir = root.resolve(name);
            modules.add(new Module(name, dir, pom(dir.resolve("pom.xml"))));
        }
        return modules;
    }

    static List<Module> published() {
        return all().stream().filter(Module::published).collect(Collectors.toList());
    }

    static String packageOf(Path source) {
        Matcher m = PACKAGE.matcher(read(source));
        return m.find() ? m.group(1) : "";
    }

    /** The file's public top-level type with its stability marker, or null when the file declares none. */
    static PublicType publicType(Path source) {
        String text = read(source);
        Matcher type = PUBLIC_TOP_LEVEL.matcher(text);
        if (!type.find()) {
            return null;
        }
        return new PublicType(type.group(1), markerBefore(text, type.start()));
    }

    /** The status of the {@code @API} annotation between the type's javadoc/annotations and the declaration. */
    private static String markerBefore(String text, int declaration) {
        Matcher previous = END_OF_PREVIOUS.matcher(text);
        int from = 0;
        while (previous.find() && previous.end() <= declaration) {
            from = previous.end();
        }
        Matcher marker = MARKER.matcher(text.substring(from, declaration));
        return marker.find() ? marker.group(1) : null;
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Element childElement(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    static String child(Element parent, String tag) {
        Element e = childElement(parent, tag);
        return e == null ? null : e.getTextContent();
    }
}
