//! Hugo's document id for a page: the xxHash64 of its logical path (`.Path`). With
//! `extensions.footnote.enableAutoIDPrefix`, footnote ids start with `h` and this id, so the
//! notes of pages shown together never clash.

/// The id Hugo gives the page at `page_path` (relative to the content folder, with `/`): the
/// hash of the same logical path refs find pages by.
pub fn document_id(page_path: &str) -> String {
    format!(
        "{:016x}",
        xxh64(crate::site::refs::identity(page_path).as_bytes())
    )
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn merge_round(acc: u64, value: u64) -> u64 {
    (acc ^ round(0, value)).wrapping_mul(P1).wrapping_add(P4)
}

fn read_u64(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

fn read_u32(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[..4]);
    u64::from(u32::from_le_bytes(word))
}

/// XXH64 with seed 0 (what Hugo's `hashing.XxHashFromStringHexEncoded` computes).
fn xxh64(input: &[u8]) -> u64 {
    let mut rest = input;
    let mut hash = if input.len() >= 32 {
        let mut v = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
        while rest.len() >= 32 {
            for (lane, chunk) in v.iter_mut().zip(rest.chunks_exact(8)) {
                *lane = round(*lane, read_u64(chunk));
            }
            rest = &rest[32..];
        }
        let mut hash = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for lane in v {
            hash = merge_round(hash, lane);
        }
        hash
    } else {
        P5
    };
    hash = hash.wrapping_add(input.len() as u64);
    while rest.len() >= 8 {
        hash ^= round(0, read_u64(rest));
        hash = hash.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
        rest = &rest[8..];
    }
    if rest.len() >= 4 {
        hash ^= read_u32(rest).wrapping_mul(P1);
        hash = hash.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
        rest = &rest[4..];
    }
    for &byte in rest {
        hash ^= u64::from(byte).wrapping_mul(P5);
        hash = hash.rotate_left(11).wrapping_mul(P1);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(P2);
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(P3);
    hash ^ (hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The footnote prefixes the real Hugo 0.168 printed for these pages.
    #[test]
    fn ids_match_hugos() {
        assert_eq!(document_id("p.md"), "9593d1ab2dd3c908");
        assert_eq!(document_id("posts/Spaced Name.md"), "c5f19c3dda0fc81b");
        assert_eq!(document_id("news/bundle/index.md"), "8f21f2e7030dcff5");
        assert_eq!(document_id("news/_index.md"), "fb71183f00ad2c6b");
        assert_eq!(document_id("_index.md"), "e89cd67289eddaea");
        assert_eq!(document_id("posts/Ünï_code.md"), "038589b7bb18fd59");
    }

    #[test]
    fn long_paths_use_the_four_lanes() {
        let path = "posts/A Rather Long Page Name For The Four Lanes.md";
        assert!(crate::site::refs::identity(path).len() >= 32);
        assert_eq!(document_id(path), "6faedd4e82ae42c3");
    }
}
