package org.nnj.onnx;

import java.nio.file.Path;
import java.util.Locale;
import org.apiguardian.api.API;
import org.nnj.core.registry.PluginRegistry;
import org.nnj.io.LoadedModel;
import org.nnj.io.ModelFile;

/** Loads a model from either kind of file, chosen by the name: {@code .onnx} through {@link OnnxImport}, else nnj's. */
@API(status = API.Status.EXPERIMENTAL)
public final class Models {
    private Models() {
    }

    /** Whether {@code file} is read as ONNX: its name ends in {@code .onnx} (any case). */
    public static boolean isOnnx(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * An ONNX file ({@link #isOnnx}) through {@link OnnxImport#load(Path, PluginRegistry)}, any other through
     * {@link ModelFile#load}.
     *
     * @throws org.nnj.api.ModelFormatException naming the file, for any problem
     */
    public static LoadedModel load(Path file, PluginRegistry registry) {
        return isOnnx(file) ? OnnxImport.load(file, registry) : ModelFile.load(file, registry);
    }
}
