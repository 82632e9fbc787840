use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
struct Count;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static N: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Count {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let v = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(v, Relaxed);
        N.fetch_add(1, Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}
#[global_allocator]
static G: Count = Count;
fn main() {
    let s =
        foedus_store::Store::open(std::path::Path::new(&std::env::args().nth(1).unwrap())).unwrap();
    let t = std::time::Instant::now();
    let r = s.load().unwrap();
    eprintln!(
        "load {:?} live {} MB peak {} MB allocs {}",
        t.elapsed(),
        LIVE.load(Relaxed) >> 20,
        PEAK.load(Relaxed) >> 20,
        N.load(Relaxed)
    );
    drop(r);
    eprintln!("after drop live {} MB", LIVE.load(Relaxed) >> 20);
}
