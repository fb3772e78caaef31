using System.Runtime.Intrinsics;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Reductions whose rounding is the same on every machine: four fixed lanes (Vector256, emulated where the
/// hardware lacks it) combined in a fixed order. <c>TensorPrimitives.Sum</c>/<c>Dot</c> add in an order that
/// depends on the machine's vector width, and a trained model must be the same everywhere; element-wise
/// operations are exact either way.
/// </summary>
internal static class FixedOrder
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var i = 0;
        var lanes = Vector256<double>.Zero;
        for (; i + 4 <= a.Length; i += 4)
        {
            lanes += Vector256.Create(a.Slice(i, 4)) * Vector256.Create(b.Slice(i, 4));
        }

        var sum = lanes.GetElement(0) + lanes.GetElement(1) + (lanes.GetElement(2) + lanes.GetElement(3));
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    public static double Sum(ReadOnlySpan<double> values)
    {
        var i = 0;
        var lanes = Vector256<double>.Zero;
        for (; i + 4 <= values.Length; i += 4)
        {
            lanes += Vector256.Create(values.Slice(i, 4));
        }

        var sum = lanes.GetElement(0) + lanes.GetElement(1) + (lanes.GetElement(2) + lanes.GetElement(3));
        for (; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }
}
