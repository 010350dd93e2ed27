/** Training curves and reports as charts (XChart). */
module org.nnj.report {
    requires transitive org.nnj.core;
    requires org.knowm.xchart;
    requires java.desktop;
    requires static org.apiguardian.api;

    exports org.nnj.report;
}
