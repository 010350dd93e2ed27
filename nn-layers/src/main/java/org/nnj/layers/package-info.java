/** Built-in layers: {@code dense} (fully connected, with bias and an optional activation) and {@code dropout}. */
package org.nnj.layers;
