package org.nnj.examples;

import java.util.Map;
import java.util.concurrent.Callable;
import org.nnj.api.spi.Param;
import org.nnj.api.spi.PluginKind;
import org.nnj.core.Nets;
import org.nnj.core.registry.PluginInfo;
import org.nnj.core.registry.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code nn plugins}: every discovered plugin with kind, name, aliases, parameters and source jar. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List every installed plugin: kind, name, parameters with defaults, and the jar it came from.")
final class PluginsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PluginRegistry registry = Nets.registry();
        var out = spec.commandLine().getOut();
        for (PluginKind<?> kind : PluginKind.all()) {
            Map<String, PluginInfo> plugins = registry.plugins(kind);
            out.printf("%s (%d)%n", kind.name(), plugins.size());
            for (PluginInfo info : plugins.values()) {
                var p = info.plugin();
                out.printf("  %s%s%s%n", p.name(),
                        p.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", new java.util.TreeSet<>(p.aliases())) + ")",
                        p.description().isEmpty() ? "" : " -- " + p.description());
                for (Param param : p.parameters()) {
                    out.printf("      %s%n", param.summary());
                }
                out.printf("      from %s%n", info.source());
            }
        }
        out.flush();
        return 0;
    }
}
