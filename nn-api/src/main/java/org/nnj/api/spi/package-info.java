/**
 * For plugin authors: the interfaces a plugin implements ({@link org.nnj.api.spi.Activation},
 * {@link org.nnj.api.spi.Loss}, {@link org.nnj.api.spi.Layer}, {@link org.nnj.api.spi.Optimizer},
 * {@link org.nnj.api.spi.Initializer}), their typed parameters ({@link org.nnj.api.spi.Param},
 * {@link org.nnj.api.spi.Config}) and what the core hands a layer when it builds one
 * ({@link org.nnj.api.spi.BuildContext}, {@link org.nnj.api.spi.MatOps}), and the state container an
 * optimizer's updater keeps its state in ({@link org.nnj.api.spi.UpdaterState}).
 *
 * <p>A plugin is one public class with a public no-argument constructor (its default configuration), listed
 * in {@code META-INF/services/<the SPI interface's binary name>} of its jar. The core finds it with
 * {@link java.util.ServiceLoader} and addresses it only by its {@link org.nnj.api.spi.Plugin#name() name}.
 */
package org.nnj.api.spi;
