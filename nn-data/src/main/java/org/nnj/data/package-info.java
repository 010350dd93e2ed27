/**
 * Getting data into a network: {@link org.nnj.data.Dataset} (features and targets as {@link org.nnj.api.Mat}s),
 * the {@link org.nnj.data.CsvReader} and {@link org.nnj.data.IdxReader} that build one from files, seeded
 * stratified {@link org.nnj.data.Splits}, {@link org.nnj.data.Scaler}s fitted on a training split only, and
 * the allocation-free mini-batch {@link org.nnj.data.BatchIterator}. Every malformed input is reported as an
 * {@link org.nnj.api.DataException} naming the file, the line or item, the column, and what was expected
 * versus found; nothing is silently skipped.
 */
package org.nnj.data;
