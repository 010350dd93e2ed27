/**
 * Data sets in primitive arrays: CSV and IDX readers, scalers, label encoding, splits and the mini-batch iteration
 * the trainer is fed by.
 */
module org.nnj.data {
    requires transitive org.nnj.api;
    requires static org.apiguardian.api;

    exports org.nnj.data;
}
