package org.nnj.api.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

        /** Every .java file under src/main/java, relative to the project root in messages. */
        List<Path> mainSourceFiles() {
            if (!Files.isDirectory(mainSources())) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(mainSources())) {
                return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
