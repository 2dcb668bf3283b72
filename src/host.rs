//! Node-API functions newer than the version this module registers with,
//! looked up in the host process at first use (absent on older Node: callers
//! keep a fallback). Function pointers only: no JS state is shared.

use std::ffi::{c_char, c_void};
use std::sync::OnceLock;

use napi::sys;

type IsSharedArrayBuffer =
    unsafe extern "C" fn(sys::napi_env, sys::napi_value, *mut bool) -> sys::napi_status;

/// `node_api_is_sharedarraybuffer` (Node 24.9+ / 25.1+).
pub fn is_shared_array_buffer_fn() -> Option<IsSharedArrayBuffer> {
    static F: OnceLock<Option<IsSharedArrayBuffer>> = OnceLock::new();
    *F.get_or_init(|| {
        let p = lookup(c"node_api_is_sharedarraybuffer".as_ptr());
        // SAFETY: Node exports this symbol with exactly this signature.
        (!p.is_null())
            .then(|| unsafe { std::mem::transmute::<*mut c_void, IsSharedArrayBuffer>(p) })
    })
}

#[cfg(unix)]
fn lookup(name: *const c_char) -> *mut c_void {
    unsafe extern "C" {
        fn dlsym(handle: *mut c_void, symbol: *const c_char) -> *mut c_void;
    }
    #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
    let default = -2isize as *mut c_void;
    #[cfg(not(any(target_os = "macos", target_os = "ios", target_os = "freebsd")))]
    let default = std::ptr::null_mut();
    unsafe { dlsym(default, name) }
}

#[cfg(windows)]
fn lookup(name: *const c_char) -> *mut c_void {
    unsafe extern "system" {
        fn GetModuleHandleW(name: *const u16) -> *mut c_void;
        fn GetProcAddress(module: *mut c_void, name: *const c_char) -> *mut c_void;
    }
    unsafe {
        let exe = GetModuleHandleW(std::ptr::null());
        if exe.is_null() {
            return std::ptr::null_mut();
        }
        GetProcAddress(exe, name)
    }
}

#[cfg(not(any(unix, windows)))]
fn lookup(_name: *const c_char) -> *mut c_void {
    std::ptr::null_mut()
}
