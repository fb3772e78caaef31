using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("RasaOrleans.Inference.Tests")]
