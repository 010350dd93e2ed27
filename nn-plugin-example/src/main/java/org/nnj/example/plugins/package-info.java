/**
 * An out-of-tree plugin jar, written as a user of nnj would write one: {@code swish} (alias {@code silu}), an
 * activation; {@code huber}, a loss; {@code scale_shift}, a layer with trainable parameters; {@code adamax}, an
 * optimizer whose updater keeps its state in nn-api's {@code UpdaterState}. It compiles against
 * {@code nn-api} alone, lists its classes in {@code META-INF/services}, and each plugin's test extends the
 * matching contract of {@code nn-testkit}. Deliberately outside the built-in packages and not inside
 * {@code nn.jar}; {@code docs/writing-a-plugin.md} walks through writing such a jar.
 */
package org.nnj.example.plugins;
