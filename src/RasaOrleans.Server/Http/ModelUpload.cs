namespace RasaOrleans.Server.Http;

/// <summary>Reads the uploaded file of <c>POST /load</c>: a multipart form with a file field; 400 or 413 otherwise.</summary>
public static class ModelUpload
{
    public static async Task<IFormFile> ReadAsync(HttpRequest request, string field, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw RequestRejectedException.BadRequest($"Expected a multipart/form-data upload with a '{field}' file field (a zip of a model directory).");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new RequestRejectedException(StatusCodes.Status413PayloadTooLarge, $"The upload is too large or malformed: {e.Message}");
        }

        return form.Files.GetFile(field)
            ?? throw RequestRejectedException.BadRequest($"No file in the '{field}' form field: upload the model zip as '{field}'.");
    }
}
