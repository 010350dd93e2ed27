package org.nnj.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nnj.core.Nets;
import org.nnj.core.Network;
import org.nnj.io.ModelSpec;
import org.nnj.io.SpecReader;

/** The README's examples stay true: its spec example is valid, and every bundled spec builds. */
class ReadmeTest {
    private static final Path README = Path.of("..", "README.md");

    @Test
    void theSpecExampleInTheReadmeIsValid() throws Exception {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README has a JSON spec example");
        ModelSpec spec = new SpecReader(Nets.registry()).read(m.group(1), "README.md");
        Network net = Network.build(spec.network(), Nets.registry());
        assertEquals(3, net.outputSize());
    }

    @Test
    void theReadmesFirstCommandIsTheMainJobOnBundledData() throws Exception {
        String readme = Files.readString(README);
        int at = readme.indexOf("```bash\n");
        String first = readme.substring(at + 8, readme.indexOf('\n', at + 8));
        assertTrue(first.startsWith("./nn train --spec specs/digits.json --data bundled:digits"), first);
    }

    @Test
    void everyBundledSpecIsValid() throws Exception {
        SpecReader reader = new SpecReader(Nets.registry());
        try (var specs = Files.list(Path.of("..", "specs"))) {
            for (Path p : specs.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                if (p.getFileName().toString().equals("custom-plugin.json")) {
                    continue; // needs the out-of-tree plugin jar: see CustomPlugin tests
                }
                ModelSpec spec = reader.read(p);
                assertTrue(Network.build(spec.network(), Nets.registry()).parameterCount() > 0, p.toString());
            }
        }
    }
}
