pub struct Circle {
    pub radius: f64,
}

impl Circle {
    pub fn new(radius: f64) -> Circle {
        Circle { radius }
    }

    pub fn area(&self) -> f64 {
        3.14 * self.radius * self.radius
    }
}

pub fn run_in_background<T: Send + 'static>(value: T) -> std::thread::JoinHandle<T> {
    std::thread::spawn(move || value)
}
