//! "Shops like yours sell these": products that shops buying much the same as this one stock and
//! this one does not, each with how many of those shops buy it. Pure and shared; the server feeds
//! it what each shop bought in the last `WINDOW_DAYS` days.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What is looked at: the last 90 days of orders.
pub const WINDOW_DAYS: i64 = 90;
/// The most similar shops compared with.
pub const NEIGHBOURS: usize = 20;
/// At most this many products suggested.
pub const MAX_PRODUCTS: usize = 12;
/// A product needs at least this many of the similar shops buying it.
pub const MIN_SHOPS: usize = 2;

/// A product the similar shops stock and this shop does not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockedByPeers {
    pub product_id: i64,
    /// How many of the similar shops bought it.
    pub shops: i64,
    /// How many similar shops were compared (the "of" in "12 of 20").
    pub of: i64,
}

/// `mine`: the products this shop bought; `others`: each other shop's products. Similarity is
/// the Jaccard index of the product sets (shared products over all products of the two); the
/// `NEIGHBOURS` most similar shops with at least one product in common are compared. Products
/// are ranked by how many of them buy it (then by the summed similarity, then by id).
pub fn stocked_by_peers(mine: &BTreeSet<i64>, others: &BTreeMap<i64, BTreeSet<i64>>) -> Vec<StockedByPeers> {
    if mine.is_empty() {
        return vec![];
    }
    // (shared, union) per shop: similarity as a fraction, compared exactly by cross-multiplying.
    let mut peers: Vec<(usize, usize, i64, &BTreeSet<i64>)> = others
        .iter()
        .filter_map(|(shop, theirs)| {
            let shared = theirs.intersection(mine).count();
            (shared > 0).then(|| (shared, mine.len() + theirs.len() - shared, *shop, theirs))
        })
        .collect();
    peers.sort_by(|a, b| (b.0 * a.1).cmp(&(a.0 * b.1)).then(a.2.cmp(&b.2)));
    peers.truncate(NEIGHBOURS);
    let of = peers.len() as i64;
    // Per product: how many peers buy it, and the sum of their similarities (in millionths).
    let mut counts: BTreeMap<i64, (usize, u64)> = BTreeMap::new();
    for (shared, union, _, theirs) in &peers {
        let weight = (*shared as u64 * 1_000_000) / (*union as u64).max(1);
        for p in theirs.difference(mine) {
            let e = counts.entry(*p).or_default();
            e.0 += 1;
            e.1 += weight;
        }
    }
    let mut out: Vec<(i64, usize, u64)> =
        counts.into_iter().filter(|(_, (n, _))| *n >= MIN_SHOPS).map(|(p, (n, w))| (p, n, w)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    out.truncate(MAX_PRODUCTS);
    out.into_iter().map(|(product_id, n, _)| StockedByPeers { product_id, shops: n as i64, of }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[i64]) -> BTreeSet<i64> {
        v.iter().copied().collect()
    }

    #[test]
    fn what_the_shops_most_like_this_one_buy_comes_first() {
        let mine = set(&[1, 2, 3]);
        let others = BTreeMap::from([
            (10, set(&[1, 2, 3, 7])),    // very like it, buys 7
            (11, set(&[1, 2, 7, 8])),    // like it, buys 7 and 8
            (12, set(&[2, 3, 8])),       // like it, buys 8
            (13, set(&[50, 51, 52, 9])), // nothing in common: not a peer
            (14, set(&[1, 9])),          // a little like it, buys 9
        ]);
        let s = stocked_by_peers(&mine, &others);
        // 7: two peers (10, 11), more similar than 8's (11, 12); 9: one peer only.
        assert_eq!(
            s,
            vec![StockedByPeers { product_id: 7, shops: 2, of: 4 }, StockedByPeers { product_id: 8, shops: 2, of: 4 }]
        );
    }

    #[test]
    fn a_shop_with_no_history_or_no_peers_gets_nothing() {
        let others = BTreeMap::from([(10, set(&[1, 2]))]);
        assert_eq!(stocked_by_peers(&set(&[]), &others), vec![]);
        assert_eq!(stocked_by_peers(&set(&[5]), &others), vec![]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn suggestions_are_products_peers_buy_and_this_shop_does_not(
                mine in proptest::collection::btree_set(0i64..30, 0..10),
                others in proptest::collection::btree_map(0i64..60, proptest::collection::btree_set(0i64..30, 0..12), 0..60),
            ) {
                let s = stocked_by_peers(&mine, &others);
                prop_assert!(s.len() <= MAX_PRODUCTS);
                for x in &s {
                    prop_assert!(!mine.contains(&x.product_id));
                    prop_assert!(x.of as usize <= NEIGHBOURS && x.shops <= x.of && x.shops as usize >= MIN_SHOPS);
                    let buyers = others.values().filter(|p| p.contains(&x.product_id) && !p.is_disjoint(&mine)).count();
                    prop_assert!(x.shops as usize <= buyers);
                }
                // Ranked by how many peers buy it.
                prop_assert!(s.windows(2).all(|w| w[0].shops >= w[1].shops));
            }
        }
    }
}
