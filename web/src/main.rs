//! The app's binary: see [`medtech_web::start`].

fn main() {
    medtech_web::start();
}
