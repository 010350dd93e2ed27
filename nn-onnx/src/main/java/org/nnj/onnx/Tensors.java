package org.nnj.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nnj.api.ModelFormatException;
import org.nnj.onnx.proto.OnnxProto.TensorProto;

/** Checks and decodes the float tensors of an untrusted ONNX file: everything is checked before allocation. */
final class Tensors {
    private Tensors() {
    }

    /** The element count of {@code t}, after checking its dimensions, data type and that its data has that many. */
    static long count(TensorProto t, String f) {
        String what = "tensor " + OnnxImport.quote(t.getName());
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new ModelFormatException(f + ": " + what + " keeps its data in an external file, which nnj does "
                    + "not read; save the model with its weights inside");
        }
        if (t.hasSegment()) {
            throw new ModelFormatException(f + ": " + what + " is a segment of a larger tensor, which nnj does not read");
        }
        long n = 1;
        for (int i = 0; i < t.getDimsCount(); i++) {
            long d = t.getDims(i);
            if (d < 0) {
                throw new ModelFormatException(f + ": " + what + " has the dimension " + d + " at " + i
                        + "; expected sizes of at least 0");
            }
            if (d > 0 && n > (Integer.MAX_VALUE - 8) / d) {
                throw new ModelFormatException(f + ": " + what + " has dimensions " + t.getDimsList()
                        + ", more values than one Java array holds");
            }
            n *= d;
        }
        int type = t.getDataType();
        long have;
        int width;
        if (type == TensorProto.DataType.FLOAT_VALUE) {
            width = 4;
            have = t.hasRawData() ? -1 : t.getFloatDataCount();
        } else if (type == TensorProto.DataType.DOUBLE_VALUE) {
            width = 8;
            have = t.hasRawData() ? -1 : t.getDoubleDataCount();
        } else {
            throw new ModelFormatException(f + ": " + what + " has data type " + typeName(type)
                    + "; expected FLOAT or DOUBLE (weights and constants)");
        }
        if (t.hasRawData()) {
            long bytes = t.getRawData().size();
            if (bytes != n * width) {
                throw new ModelFormatException(f + ": " + what + " of shape " + t.getDimsList() + " and type "
                        + typeName(type) + " needs " + n * width + " bytes of raw data, the file has " + bytes);
            }
        } else if (have != n) {
            throw new ModelFormatException(f + ": " + what + " of shape " + t.getDimsList() + " needs " + n
                    + " values, the file has " + have);
        }
        return n;
    }

    /** The values of {@code t} (checked by {@link #count}), as doubles; non-finite values are refused. */
    static double[] values(TensorProto t, String f) {
        int n = (int) count(t, f);
        double[] v = new double[n];
        boolean f32 = t.getDataType() == TensorProto.DataType.FLOAT_VALUE;
        if (t.hasRawData()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                v[i] = f32 ? b.getFloat() : b.getDouble();
            }
        } else {
            for (int i = 0; i < n; i++) {
                v[i] = f32 ? t.getFloatData(i) : t.getDoubleData(i);
            }
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new ModelFormatException(f + ": tensor " + OnnxImport.quote(t.getName()) + " holds " + v[i]
                        + " at index " + i + "; expected finite weights");
            }
        }
        return v;
    }

    /**
     * The values of an integer tensor of {@code t} (INT64 or INT32, such as a Reshape's shape or a Pad's pads), of
     * at most one dimension and at most {@code max} values, checked before they are read.
     */
    static long[] longs(TensorProto t, String f, int max) {
        String what = "tensor " + OnnxImport.quote(t.getName());
        int type = t.getDataType();
        if (type != TensorProto.DataType.INT64_VALUE && type != TensorProto.DataType.INT32_VALUE) {
            throw new ModelFormatException(f + ": " + what + " has data type " + typeName(type) + "; expected INT64");
        }
        if (t.getDimsCount() > 1 || (t.getDimsCount() == 1 && (t.getDims(0) < 0 || t.getDims(0) > max))) {
            throw new ModelFormatException(f + ": " + what + " has dimensions " + t.getDimsList() + "; expected a "
                    + "vector of at most " + max + " values");
        }
        long n = t.getDimsCount() == 0 ? 1 : t.getDims(0);
        int width = type == TensorProto.DataType.INT64_VALUE ? 8 : 4;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new ModelFormatException(f + ": " + what + " keeps its data in an external file, which nnj does "
                    + "not read");
        }
        long[] v = new long[(int) n];
        if (t.hasRawData()) {
            if (t.getRawData().size() != n * width) {
                throw new ModelFormatException(f + ": " + what + " of shape " + t.getDimsList() + " and type "
                        + typeName(type) + " needs " + n * width + " bytes of raw data, the file has "
                        + t.getRawData().size());
            }
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                v[i] = width == 8 ? b.getLong() : b.getInt();
            }
        } else {
            int have = width == 8 ? t.getInt64DataCount() : t.getInt32DataCount();
            if (have != n) {
                throw new ModelFormatException(f + ": " + what + " of shape " + t.getDimsList() + " needs " + n
                        + " values, the file has " + have);
            }
            for (int i = 0; i < n; i++) {
                v[i] = width == 8 ? t.getInt64Data(i) : t.getInt32Data(i);
            }
        }
        return v;
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "code " + type : d.name();
    }
}
