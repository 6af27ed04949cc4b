using System.Security.Cryptography;

namespace OrderSystem.Identity.Server;

/// <summary>
/// Keys kept in a private directory (<c>Identity:KeyDirectory</c>): made once on first start, then read at every start,
/// so tokens survive a restart without a key ever being written into the repository or a compose file.
/// </summary>
sealed class KeyDirectory(string path)
{
    const string SigningFile = "signing-key.pem";
    const string EncryptionFile = "encryption-key.b64";

    /// <summary>The RSA signing key as PKCS#8 PEM.</summary>
    public string SigningKey() => ReadOrCreate(SigningFile, () =>
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    });

    /// <summary>The 256-bit encryption key, base64.</summary>
    public string EncryptionKey() => ReadOrCreate(EncryptionFile, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    string ReadOrCreate(string name, Func<string> create)
    {
        Directory.CreateDirectory(path);
        var file = Path.Combine(path, name);
        if (File.Exists(file))
            return File.ReadAllText(file);

        // Written to a temporary file first, readable by the owner only, then moved: a crash leaves no half key behind.
        var temporary = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(create());
        File.Move(temporary, file, overwrite: false);
        return File.ReadAllText(file);
    }
}
