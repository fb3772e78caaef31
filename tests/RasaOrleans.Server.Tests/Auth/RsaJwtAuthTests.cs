using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RasaOrleans.Server.Auth;

namespace RasaOrleans.Server.Tests.Auth;

public sealed class RsaJwtAuthTests(RsaJwtServer factory) : IClassFixture<RsaJwtServer>
{
    [Fact]
    public async Task Token_signed_with_the_private_key_is_accepted()
    {
        var (status, _) = await Send(TestJwt.Rs256(TestJwt.Payload(RasaRoles.Admin), RsaJwtServer.Key), "/domain");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task User_token_reads_its_own_tracker_only()
    {
        var token = TestJwt.Rs256(TestJwt.Payload(RasaRoles.User, "carol"), RsaJwtServer.Key);

        Assert.Equal(HttpStatusCode.OK, (await Send(token, "/conversations/carol/tracker")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await Send(token, "/conversations/dave/tracker")).Status);
    }

    [Fact]
    public async Task Token_signed_with_another_key_is_401()
    {
        using var other = RSA.Create(2048);

        var (status, _) = await Send(TestJwt.Rs256(TestJwt.Payload(RasaRoles.Admin), other), "/domain");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Hs256_token_signed_with_the_public_key_is_401()
    {
        // the classic confusion: the public key (known to everyone) used as an HMAC secret
        var (status, _) = await Send(TestJwt.Hs256(TestJwt.Payload(RasaRoles.Admin), RsaJwtServer.PublicKeyPem), "/domain");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Expired_rs256_token_is_401()
    {
        var token = TestJwt.Rs256(TestJwt.Payload(RasaRoles.Admin, expires: DateTimeOffset.UtcNow.AddHours(-1)), RsaJwtServer.Key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(token, "/domain")).Status);
    }

    [Fact]
    public async Task Auth_token_keeps_working_next_to_jwt()
    {
        Assert.Equal(HttpStatusCode.OK, (await Send(null, $"/domain?token={RsaJwtServer.AuthToken}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Send(RsaJwtServer.AuthToken, "/conversations")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(null, "/domain?token=wrong")).Status);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> Send(string? token, string path)
    {
        var http = factory.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await new RasaClient(http).GetAsync(path);
    }
}
