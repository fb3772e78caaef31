using System.Numerics.Tensors;

namespace RasaOrleans.Inference.Nlu;

/// <summary>
/// Limited-memory BFGS minimization of a smooth function (two-loop recursion, backtracking line search with the
/// Armijo condition). Deterministic: the same function and start give the same result.
/// </summary>
internal static class Lbfgs
{
    /// <summary>The value at <c>x</c>, with the gradient written into the second argument.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>
    /// Minimizes <paramref name="objective"/> starting from (and updating) <paramref name="x"/>. Stops when the
    /// value improved by less than <paramref name="tolerance"/> (relative) over the last few iterations, or after
    /// <paramref name="maxIterations"/>. Returns the number of iterations run. <paramref name="onIteration"/> hears
    /// every accepted iteration's number and value.
    /// </summary>
    public static int Minimize(Objective objective, double[] x, int maxIterations, double tolerance, int memory = 10,
        CancellationToken cancellationToken = default, Action<int, double>? onIteration = null)
    {
        var n = x.Length;
        var g = new double[n];
        var direction = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[memory][];
        var y = new double[memory][];
        var rho = new double[memory];
        var alpha = new double[memory];
        for (var i = 0; i < memory; i++)
        {
            s[i] = new double[n];
            y[i] = new double[n];
        }

        var value = objective(x, g);
        var history = new Queue<double>();
        history.Enqueue(value);
        var stored = 0;
        var newest = -1;
        var iteration = 0;
        while (iteration < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iteration++;

            // direction = -H g by the two-loop recursion
            Array.Copy(g, direction, n);
            for (var k = 0; k < stored; k++)
            {
                var j = ((newest - k) % memory + memory) % memory;
                alpha[j] = rho[j] * Dot(s[j], direction);
                Axpy(-alpha[j], y[j], direction);
            }

            if (stored > 0)
            {
                var yy = Dot(y[newest], y[newest]);
                var scale = yy > 0 ? 1.0 / (rho[newest] * yy) : 1.0;
                Scale(direction, scale);
            }
            else
            {
                var norm = Math.Sqrt(Dot(g, g));
                Scale(direction, norm > 0 ? 1.0 / norm : 1.0);
            }

            for (var k = stored - 1; k >= 0; k--)
            {
                var j = ((newest - k) % memory + memory) % memory;
                var beta = rho[j] * Dot(y[j], direction);
                Axpy(alpha[j] - beta, s[j], direction);
            }

            Scale(direction, -1);
            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // not a descent direction (numerical trouble): restart from steepest descent
                stored = 0;
                Array.Copy(g, direction, n);
                var norm = Math.Sqrt(Dot(g, g));
                if (norm == 0)
                {
                    break;
                }

                Scale(direction, -1.0 / norm);
                slope = Dot(g, direction);
            }

            // backtracking line search (Armijo)
            var step = 1.0;
            double newValue;
            var accepted = false;
            for (var tries = 0; tries < 30; tries++)
            {
                TensorPrimitives.MultiplyAdd(direction, step, x, xNew);

                newValue = objective(xNew, gNew);
                if (newValue <= value + 1e-4 * step * slope)
                {
                    accepted = true;
                    value = UpdateMemory(newValue);
                    break;
                }

                step *= 0.5;
            }

            if (!accepted)
            {
                break;
            }

            onIteration?.Invoke(iteration, value);
            history.Enqueue(value);
            if (history.Count > 5)
            {
                var old = history.Dequeue();
                if ((old - value) / Math.Max(Math.Abs(value), 1e-10) < tolerance * 5)
                {
                    break;
                }
            }
        }

        return iteration;

        double UpdateMemory(double newValue)
        {
            // keep the pair only when the curvature condition holds, so that H stays positive definite
            var slot = (newest + 1) % memory;
            TensorPrimitives.Subtract(xNew, x, s[slot]);
            TensorPrimitives.Subtract(gNew, g, y[slot]);
            var sy = Dot(s[slot], y[slot]);
            if (sy > 1e-12)
            {
                newest = slot;
                rho[newest] = 1.0 / sy;
                stored = Math.Min(stored + 1, memory);
            }
            else if (stored == memory)
            {
                stored--; // the slot just overwritten held the oldest pair: it no longer counts
            }

            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            return newValue;
        }
    }

    private static double Dot(double[] a, double[] b) => FixedOrder.Dot(a, b);

    private static void Axpy(double a, double[] x, double[] y) => TensorPrimitives.MultiplyAdd(x, a, y, y);

    private static void Scale(double[] x, double a) => TensorPrimitives.Multiply(x, a, x);
}
