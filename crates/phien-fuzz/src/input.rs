//! How the fuzz target reads its bytes: four selector bytes (route,
//! `Content-Encoding`, credential, protocol header), a little-endian `u16`
//! length, that many bytes of target (the query, the review id or the
//! unknown path) and the rest as the body.
//!
//! Every byte string decodes to some request (missing bytes read as zero),
//! so a byte-level mutator never produces an input the target cannot run.
//! A selector's remainder after its `%` picks a variant (which wrong
//! protocol, which garbage credential, which bogus encoding), so no byte is
//! wasted and every variant stays reachable by flipping bits.

/// The route a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// `POST /v1/enrol`.
    Enrol,
    /// `POST /v1/push`.
    Push,
    /// `GET /v1/pull?{target}`.
    Pull,
    /// `GET /v1/status`.
    Status,
    /// `GET /v1/reviews?{target}`.
    Reviews,
    /// `POST /v1/reviews/{target}/resolve`.
    Resolve,
    /// `GET /v1/integrity?{target}`.
    Integrity,
    /// `POST /v1/bundle`.
    Bundle,
    /// `{method} /{target}`: a path the server should not know.
    Unknown,
}

impl Route {
    /// Every route, in selector order.
    pub const ALL: [Route; 9] = [
        Route::Enrol,
        Route::Push,
        Route::Pull,
        Route::Status,
        Route::Reviews,
        Route::Resolve,
        Route::Integrity,
        Route::Bundle,
        Route::Unknown,
    ];

    /// The selector byte for this route (variant 0).
    pub fn byte(self) -> u8 {
        Route::ALL.iter().position(|r| *r == self).unwrap_or(0) as u8
    }
}

/// How the body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// No `Content-Encoding`.
    Plain,
    /// The target gzips the body and says `gzip`.
    Gzip,
    /// The target zstd-compresses the body and says `zstd`.
    Zstd,
    /// An encoding the server does not speak (`br`, `deflate`, `x-bogus`…), body as is.
    Bogus,
    /// `zstd` announced, body sent as is: a plain body under a zstd header,
    /// or the input's own zstd frame (a bomb).
    ZstdHeaderRaw,
    /// `gzip` announced, body sent as is.
    GzipHeaderRaw,
}

impl Encoding {
    /// Every encoding, in selector order.
    pub const ALL: [Encoding; 6] = [
        Encoding::Plain,
        Encoding::Gzip,
        Encoding::Zstd,
        Encoding::Bogus,
        Encoding::ZstdHeaderRaw,
        Encoding::GzipHeaderRaw,
    ];

    /// The selector byte for this encoding (variant 0).
    pub fn byte(self) -> u8 {
        Encoding::ALL.iter().position(|e| *e == self).unwrap_or(0) as u8
    }
}

/// The `Content-Encoding` values tried for [`Encoding::Bogus`].
pub const BOGUS_ENCODINGS: [&str; 6] = ["br", "deflate", "x-bogus", "gzip, zstd", "ZSTD", "*"];

/// Which credential the request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The enrolled point device's.
    Point,
    /// The enrolled supervisor's.
    Supervisor,
    /// No `Authorization` header.
    Missing,
    /// Something that is not a valid credential (see [`Input::garbage_variant`]).
    Garbage,
    /// A device the administrator revoked.
    Revoked,
}

impl Auth {
    /// Every credential choice, in selector order.
    pub const ALL: [Auth; 5] = [
        Auth::Point,
        Auth::Supervisor,
        Auth::Missing,
        Auth::Garbage,
        Auth::Revoked,
    ];

    /// The selector byte for this choice (variant 0).
    pub fn byte(self) -> u8 {
        Auth::ALL.iter().position(|a| *a == self).unwrap_or(0) as u8
    }
}

/// The `x-phien-protocol` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// [`phien_wire::PROTOCOL`].
    Right,
    /// Another version (see [`WRONG_PROTOCOLS`]).
    Wrong,
    /// No header.
    Missing,
}

impl Protocol {
    /// Every choice, in selector order.
    pub const ALL: [Protocol; 3] = [Protocol::Right, Protocol::Wrong, Protocol::Missing];

    /// The selector byte for this choice (variant 0).
    pub fn byte(self) -> u8 {
        Protocol::ALL.iter().position(|p| *p == self).unwrap_or(0) as u8
    }
}

/// The values tried for [`Protocol::Wrong`].
pub const WRONG_PROTOCOLS: [&str; 6] = ["2", "0", "1.0", " 1", "", "999999999999999999999"];

/// The methods tried for [`Route::Unknown`].
pub const UNKNOWN_METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

/// One fuzz input, decoded.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Input {
    /// Route, encoding, credential and protocol selector bytes.
    pub selectors: [u8; 4],
    /// Query, review id or path, depending on the route.
    pub target: Vec<u8>,
    /// The body (before the target's compression, if any).
    pub body: Vec<u8>,
}

impl Input {
    /// An input from its parts, each selector at variant 0.
    pub fn new(
        route: Route,
        encoding: Encoding,
        auth: Auth,
        protocol: Protocol,
        target: impl Into<Vec<u8>>,
        body: impl Into<Vec<u8>>,
    ) -> Input {
        Input {
            selectors: [route.byte(), encoding.byte(), auth.byte(), protocol.byte()],
            target: target.into(),
            body: body.into(),
        }
    }

    /// Reads any byte string as an input.
    pub fn from_bytes(data: &[u8]) -> Input {
        let mut selectors = [0_u8; 4];
        for (s, b) in selectors.iter_mut().zip(data) {
            *s = *b;
        }
        let rest = data.get(4..).unwrap_or(&[]);
        let declared = match rest {
            [lo, hi, ..] => usize::from(u16::from_le_bytes([*lo, *hi])),
            [lo] => usize::from(*lo),
            [] => 0,
        };
        let rest = rest.get(2..).unwrap_or(&[]);
        let split = declared.min(rest.len());
        Input {
            selectors,
            target: rest[..split].to_vec(),
            body: rest[split..].to_vec(),
        }
    }

    /// The bytes [`Input::from_bytes`] reads back as `self` (a target longer
    /// than 65,535 bytes is cut).
    pub fn to_bytes(&self) -> Vec<u8> {
        let target = &self.target[..self.target.len().min(usize::from(u16::MAX))];
        let mut out = Vec::with_capacity(6 + target.len() + self.body.len());
        out.extend_from_slice(&self.selectors);
        out.extend_from_slice(&(target.len() as u16).to_le_bytes());
        out.extend_from_slice(target);
        out.extend_from_slice(&self.body);
        out
    }

    /// The route.
    pub fn route(&self) -> Route {
        Route::ALL[usize::from(self.selectors[0]) % Route::ALL.len()]
    }

    /// The method of an [`Route::Unknown`] request.
    pub fn unknown_method(&self) -> &'static str {
        UNKNOWN_METHODS[usize::from(self.selectors[0]) / Route::ALL.len() % UNKNOWN_METHODS.len()]
    }

    /// The body encoding.
    pub fn encoding(&self) -> Encoding {
        Encoding::ALL[usize::from(self.selectors[1]) % Encoding::ALL.len()]
    }

    /// The `Content-Encoding` of an [`Encoding::Bogus`] request.
    pub fn bogus_encoding(&self) -> &'static str {
        BOGUS_ENCODINGS
            [usize::from(self.selectors[1]) / Encoding::ALL.len() % BOGUS_ENCODINGS.len()]
    }

    /// The credential.
    pub fn auth(&self) -> Auth {
        Auth::ALL[usize::from(self.selectors[2]) % Auth::ALL.len()]
    }

    /// Which garbage credential an [`Auth::Garbage`] request carries.
    pub fn garbage_variant(&self) -> usize {
        usize::from(self.selectors[2]) / Auth::ALL.len()
    }

    /// The protocol header.
    pub fn protocol(&self) -> Protocol {
        Protocol::ALL[usize::from(self.selectors[3]) % Protocol::ALL.len()]
    }

    /// The value of a [`Protocol::Wrong`] header.
    pub fn wrong_protocol(&self) -> &'static str {
        WRONG_PROTOCOLS
            [usize::from(self.selectors[3]) / Protocol::ALL.len() % WRONG_PROTOCOLS.len()]
    }

    /// The same input with another route.
    pub fn with_route(mut self, route: Route) -> Input {
        self.selectors[0] = route.byte();
        self
    }

    /// The same input with another encoding.
    pub fn with_encoding(mut self, encoding: Encoding) -> Input {
        self.selectors[1] = encoding.byte();
        self
    }

    /// The same input with another credential.
    pub fn with_auth(mut self, auth: Auth) -> Input {
        self.selectors[2] = auth.byte();
        self
    }

    /// The same input with another protocol header.
    pub fn with_protocol(mut self, protocol: Protocol) -> Input {
        self.selectors[3] = protocol.byte();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_string_is_an_input_and_inputs_round_trip() {
        for data in [
            &b""[..],
            b"\x01",
            b"\x01\x02\x03\x04\xff",
            b"\x05\x00\x00\x00\x03\x00abcdef",
        ] {
            let input = Input::from_bytes(data);
            assert_eq!(
                Input::from_bytes(&input.to_bytes()),
                input,
                "{data:?}: what is written reads back the same"
            );
        }
        let input = Input::from_bytes(b"\x05\x00\x00\x00\x03\x00abcdef");
        assert_eq!(
            (input.route(), &input.target[..], &input.body[..]),
            (Route::Resolve, &b"abc"[..], &b"def"[..]),
            "the length says where the target ends"
        );
    }
}
